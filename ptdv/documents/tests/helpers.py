import io

from docx import Document


def docx_text(data: bytes) -> str:
    """All the text of a .docx, read back with python-docx: body paragraphs and table cells."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts += [p.text for p in cell.paragraphs]
    return "\n".join(parts)
