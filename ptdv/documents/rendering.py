"""Fill a Word template, and turn a filled document into PDF.

Templates: `<code>.docx` in the override folder (settings.PTDV_DOCUMENT_TEMPLATES_DIR, default var/templates/) if
there is one, else the shipped one (documents/templates_docx/). Looked up at every download, so a replaced file is
used at once, without restarting. A template that cannot be filled raises DocumentTemplateError with a Vietnamese
message naming the file and what is wrong (the view shows it; never a server error).

PDF: the filled .docx is read back (python-docx), written as simple HTML (paragraphs, runs, alignment, tables,
page breaks) and laid out by WeasyPrint with a serif font that covers Vietnamese (Times New Roman if installed,
else the metric-compatible Liberation Serif, else Noto Serif or DejaVu Serif)."""

import functools
import html
import io
import logging
import re
import zipfile
from pathlib import Path

import jinja2
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

logger = logging.getLogger(__name__)
SHIPPED_DIR = Path(__file__).resolve().parent / "templates_docx"


class DocumentTemplateError(Exception):
    def __init__(self, message: str, *, template: str = "", field: str = ""):
        super().__init__(message)
        self.message = message
        self.template = template
        self.field = field


def override_dir() -> Path:
    return Path(settings.PTDV_DOCUMENT_TEMPLATES_DIR)


def template_path(code: str) -> Path:
    """The override folder's file when there is one, else the shipped template."""
    custom = override_dir() / f"{code}.docx"
    if custom.is_file():
        return custom
    return SHIPPED_DIR / f"{code}.docx"


_UNDEFINED = [
    re.compile(r"'([^']+)' is undefined"),
    re.compile(r"has no attribute '([^']+)'"),
]


def _missing_field(error: Exception) -> str:
    for pattern in _UNDEFINED:
        match = pattern.search(str(error))
        if match:
            return match.group(1)
    return ""


class _CachingEnvironment(jinja2.Environment):
    """Jinja compiles each part of a .docx from its XML text: the same text (the same template file) compiles to the
    same template, so it is compiled once. A replaced template has other text, hence its own entry."""

    max_entries = 256

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # Jinja's signature
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self.max_entries:
                self._compiled.clear()
            self._compiled[source] = template
        return template


_ENVIRONMENT = _CachingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
_PATCHED: dict[str, str] = {}


@functools.cache
def _template_class():
    from docxtpl import DocxTemplate

    class CachedDocxTemplate(DocxTemplate):
        """docxtpl rewrites the XML before Jinja sees it (regular expressions over the whole part): done once per
        distinct XML text."""

        def patch_xml(self, src_xml):
            patched = _PATCHED.get(src_xml)
            if patched is None:
                patched = super().patch_xml(src_xml)
                if len(_PATCHED) >= 256:
                    _PATCHED.clear()
                _PATCHED[src_xml] = patched
            return patched

    return CachedDocxTemplate


def render_docx(code: str, context: dict) -> bytes:
    """The filled .docx of form `code`."""
    from docx.opc.exceptions import PackageNotFoundError

    path = template_path(code)
    shown = path.name if path.parent == SHIPPED_DIR else str(path)
    try:
        template = _template_class()(str(path))
        with override("vi"):
            template.render(context, jinja_env=_ENVIRONMENT, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except jinja2.UndefinedError as error:
        field = _missing_field(error)
        message = _("The template “%(file)s” uses the field “%(field)s”, which the system does not have.") % {
            "file": shown,
            "field": field or str(error),
        }
        raise DocumentTemplateError(message, template=shown, field=field) from error
    except jinja2.TemplateSyntaxError as error:
        message = _("The template “%(file)s” has an error in a field or tag (%(detail)s).") % {
            "file": shown,
            "detail": error.message or str(error),
        }
        raise DocumentTemplateError(message, template=shown) from error
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, OSError) as error:
        message = _("The template “%(file)s” cannot be opened as a Word (.docx) file.") % {"file": shown}
        raise DocumentTemplateError(message, template=shown) from error
    except Exception as error:  # anything else a hand-edited template can break: explained, never a server error
        logger.exception("document template %s failed", shown)
        message = _("The template “%(file)s” could not be filled (%(detail)s).") % {
            "file": shown,
            "detail": type(error).__name__,
        }
        raise DocumentTemplateError(message, template=shown) from error
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ PDF

PAGE_CSS = """
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
body { font-family: "Times New Roman", "Liberation Serif", "Noto Serif", "DejaVu Serif", serif; font-size: 14pt;
       line-height: 1.2; }
p { margin: 0 0 3pt 0; }
table { width: 100%; border-collapse: collapse; }
td { vertical-align: top; padding: 0; }
.break { page-break-before: always; }
"""
_ALIGN = {0: "left", 1: "center", 2: "right", 3: "justify"}


def _paragraph_html(paragraph) -> str:
    parts = []
    page_break = False
    for run in paragraph.runs:
        if 'w:type="page"' in run._r.xml:
            page_break = True
        text = html.escape(run.text)
        if not text:
            continue
        style = []
        if run.font.size:
            style.append(f"font-size:{run.font.size.pt}pt")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.underline:
            text = f"<u>{text}</u>"
        parts.append(f'<span style="{";".join(style)}">{text}</span>' if style else text)
    style = []
    if paragraph.alignment is not None:
        style.append(f"text-align:{_ALIGN.get(int(paragraph.alignment), 'left')}")
    fmt = paragraph.paragraph_format
    if fmt.first_line_indent:
        style.append(f"text-indent:{fmt.first_line_indent.cm:.2f}cm")
    if fmt.space_before:
        style.append(f"margin-top:{fmt.space_before.pt}pt")
    if fmt.space_after is not None:
        style.append(f"margin-bottom:{fmt.space_after.pt}pt")
    css_class = ' class="break"' if page_break else ""
    return f'<p{css_class} style="{";".join(style)}">{"".join(parts) or "&nbsp;"}</p>'


def docx_to_html(data: bytes) -> str:
    """The body of a .docx as HTML: paragraphs and tables in document order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    out = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(_paragraph_html(Paragraph(element, document)))
        elif tag == "tbl":
            table = Table(element, document)
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    width = f' style="width:{cell.width.cm:.1f}cm"' if cell.width else ""
                    cells.append(f"<td{width}>{''.join(_paragraph_html(p) for p in cell.paragraphs)}</td>")
                rows.append(f"<tr>{''.join(cells)}</tr>")
            out.append(f"<table>{''.join(rows)}</table>")
    body = "\n".join(out)
    head = f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{PAGE_CSS}</style></head>'
    return f"{head}<body>{body}</body></html>"


def docx_to_pdf(data: bytes) -> bytes:
    from weasyprint import HTML

    return HTML(string=docx_to_html(data)).write_pdf()
