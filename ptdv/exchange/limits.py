"""What an uploaded workbook may cost to read, in one place (issue #14: a 2 KB file must not cost gigabytes).

Every figure is above what Excel itself writes or allows, so that no file saved by Excel is refused, and low enough
that a crafted file is refused after a bounded amount of work and memory. The file's own size and row count are
settings (PTDV_IMPORT_MAX_BYTES, PTDV_IMPORT_MAX_ROWS); these are the reader's."""

# Excel's sheet: columns A..XFD, rows 1..1,048,576, at most 32,767 characters in a cell.
MAX_COLUMN = 16_384
MAX_ROW = 1_048_576
MAX_CELL_CHARS = 32_767

# The zip archive: how many members its directory may list (an .xlsx has a dozen or two; a directory of 300,000
# tiny members would cost ~150 MB to list), and what each member may hold once decompressed. The size the directory
# declares is checked before a member is opened, and the bytes are counted again while they stream (a directory can
# lie; zipfile also stops at the declared size and then fails the CRC check).
MAX_ZIP_MEMBERS = 2_000
MAX_SHEET_BYTES = 512 * 1024 * 1024  # 200,000 rows of 20 inline-string cells take ~300 MB of XML
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024  # workbook.xml, the relationships, styles.xml (Excel's 64,000 styles: ~10 MB)

# The shared-strings table is the one thing kept whole in memory (as openpyxl keeps it): 200,000 rows × 10 text
# columns of distinct values at most, and their total length (Vietnamese text: 2 bytes a character in a Python str).
MAX_SHARED_STRINGS = 2_000_000
MAX_SHARED_STRINGS_CHARS = 64_000_000

# styles.xml is streamed and only the cell formats' number formats kept; Excel allows 64,000 cell formats.
MAX_CELL_FORMATS = 65_536
MAX_NUMBER_FORMATS = 65_536

# The XML itself: how deep elements may nest (a sheet is 5 levels deep; expat keeps every open element) and how
# many bytes may be fed without the parser reporting anything (one token that long — a comment, an attribute —
# would be buffered whole by expat).
MAX_XML_DEPTH = 64
MAX_PENDING_BYTES = 8 * 1024 * 1024

# The XML is fed to expat this many bytes at a time.
CHUNK_BYTES = 1 << 20
