"""The UI shell: Vietnamese by default, English selectable, safe headers, no internet, no stack traces."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PTDV = Path(__file__).resolve().parents[2]


def test_login_page_is_vietnamese_by_default(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body
    assert "Đăng nhập" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_english_can_be_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body and "Log in" in body and "Đăng nhập" not in body


def test_every_page_has_a_content_security_policy_and_no_framing(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("units:tree"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_navigation_lists_the_areas(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    body = client.get(reverse("units:tree")).content.decode()
    for label in [
        "Tổ chức đảng",
        "Nguồn kết nạp",
        "Hồ sơ kết nạp",
        "Đảng viên",
        "Chỉ tiêu",
        "Báo cáo",
    ]:
        assert label in body
    assert "Nhập dữ liệu" not in body  # staff and admins only
    assert 'href="/members/"' in body
    client.force_login(make_user(tree.province, "staff"))
    assert "Nhập dữ liệu" in client.get(reverse("units:tree")).content.decode()


def test_404_page_is_vietnamese(client, tree, make_user):
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get("/khong-co/")
    assert response.status_code == 404 and "Không tìm thấy" in response.content.decode()


def test_a_server_error_shows_a_plain_vietnamese_page_without_a_trace(tree, make_user, monkeypatch):
    from ptdv.units import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views.selectors, "unit_tree_counts", boom)
    client = Client(raise_request_exception=False)
    client.force_login(make_user(tree.province, "viewer"))
    response = client.get(reverse("units:tree"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in body
    assert "secret internal detail" not in body and "Traceback" not in body


def test_nothing_is_loaded_from_the_internet():
    """Templates, styles and scripts reference only the project's own files (intranets are offline)."""
    pattern = re.compile(
        r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import\s+url\(\s*["']?https?://|url\(\s*["']?https?://"""
    )
    offenders = [
        str(path.relative_to(PTDV))
        for path in [*PTDV.rglob("*.html"), *PTDV.rglob("*.css"), *PTDV.rglob("*.js")]
        if pattern.search(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []


def test_static_assets_are_served_by_the_project(client):
    from django.contrib.staticfiles import finders

    for name in ["ptdv/pico.min.css", "ptdv/app.css", "ptdv/app.js", "django_htmx/htmx-2.min.js"]:
        assert finders.find(name), name
        response = client.get(f"/static/{name}")
        assert response.status_code == 200, name
