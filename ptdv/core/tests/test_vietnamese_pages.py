"""Vietnamese pages show no English word and no internal code (issue #19 item 2): every page of the URL conf,
filled as the access matrix fills it, opened in Vietnamese by the accounts of the organisation that owns the
objects (one per role, and a cell secretary of its cell); the visible text (tags, scripts, styles and attributes
stripped) must not contain any of FORBIDDEN."""

import html
import re

import pytest

from ptdv.core.tests.test_access_matrix import World, fill, page_patterns

pytestmark = pytest.mark.django_db

FORBIDDEN = re.compile(
    r"\b(Select|option|Charter|None|True|False|UNCONFIRMED|dossier\.[a-z_]+|person\.[a-z_]+|unit\.[a-z_]+)\b"
    r"|CHƯA XÁC NHẬN|Tiếng Anh|---------"
)
# The admin site (Django's own pages, for administrators) and the API's schema pages are not the product's pages.
SKIPPED_PREFIXES = ("admin:", "api-v1:", "api-docs")
ROLES = ["viewer", "staff", "committee", "admin"]


def visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r"(?s)<[^>]*>", " ", page)
    return html.unescape(page)


@pytest.fixture
def world(tree, make_user, settings, tmp_path):
    settings.PTDV_IMPORT_DIR = tmp_path / "imports"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return World(tree, make_user)


def test_every_page_in_vietnamese_shows_no_english_word_or_internal_code(world, client, make_user):
    w = world
    owners = {role: make_user(w.tree.university, role, username=f"owner_{role}") for role in ROLES}
    owners["cell_secretary"] = make_user(w.unit, "cell_secretary", username="owner_cell")
    problems, seen = [], 0
    for route, name, _pattern in page_patterns():
        if name.startswith(SKIPPED_PREFIXES) or name in {"logout", "set_language", "reminders:feed"}:
            continue
        path, _names_object = fill(route, name, w)
        for role, user in owners.items():
            client.force_login(user)
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            text = visible_text(response.content.decode())
            for found in sorted({m.group(0) for m in FORBIDDEN.finditer(text)}):
                context = text[max(0, text.find(found) - 60) : text.find(found) + 40]
                problems.append(f"{name} as {role}: {found!r} in …{' '.join(context.split())}…")
    assert seen > 40, f"only {seen} pages rendered"
    assert not problems, "\n".join(sorted(set(problems)))
