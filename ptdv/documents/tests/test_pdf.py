"""PDF: a form rendered by WeasyPrint keeps its Vietnamese diacritics (the PDF's text layer says
"ĐẢNG CỘNG SẢN VIỆT NAM"), with a serif font that has the glyphs, and renders to a PNG page."""

import io

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from ptdv.documents import filling

pytestmark = pytest.mark.django_db


def test_a_form_as_pdf_keeps_the_vietnamese_text_and_renders_to_png(client, world, full_dossier, tmp_path):
    client.force_login(world["viewer"])
    response = client.get(reverse("documents:dossier_form", args=[full_dossier.pk, filling.slug("9-KNĐ"), "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(response.content)
    page = document[0]
    text = page.get_textpage().get_text_range()
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "QUYẾT ĐỊNH", "ĐÀO THỊ DŨNG", "Số: 215-QĐ/ĐU", "Điều 1."):
        assert expected in text, expected
    assert "\ufffd" not in text  # no glyph missing from the font
    image = page.render(scale=1.5).to_pil()
    png = tmp_path / "9-KND.png"
    image.save(png)
    assert png.stat().st_size > 10_000
    width, height = image.size
    assert height > width  # A4 portrait
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 1000  # text was drawn
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert buffer.getvalue().startswith(b"\x89PNG")
