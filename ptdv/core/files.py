"""Names of the files the system hands out: download names (Content-Disposition) and the entries of zip downloads
(issue #14, item 9). A name is built from data users typed (a unit code, a person's name, a course title), so it is
cleaned here, in one place, before it reaches a header or an archive: no control characters (a CR/LF would break
out of the header), no path separators or `..` (an entry `../x` would be unpacked outside the folder), no
characters Windows refuses in a file name; Vietnamese letters are kept."""

import unicodedata

from django.utils.http import content_disposition_header

FALLBACK = "tep"
MAX_LENGTH = 150
_REPLACED = set('/\\:*?"<>|')


def clean_filename(name: str, *, fallback: str = FALLBACK) -> str:
    """`name` as one safe file name: NFC, control and format characters dropped (including bidirectional overrides
    that disguise an extension), separators and reserved characters replaced by `-`, spaces collapsed, no leading dot
    or dash, at most MAX_LENGTH characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(name))
    kept = []
    for character in name:
        if unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}:
            kept.append(" " if character in "\t\r\n" else "")
        elif character in _REPLACED:
            kept.append("-")
        else:
            kept.append(character)
    name = " ".join("".join(kept).split())
    while ".." in name:
        name = name.replace("..", ".")
    name = name.lstrip(".- ").rstrip(". ")
    if len(name) > MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 8:
            name = f"{stem[: MAX_LENGTH - len(extension) - 1].rstrip()}.{extension}"
        else:
            name = name[:MAX_LENGTH].rstrip()
    return name or fallback


def attachment(filename: str, *, inline: bool = False) -> str:
    """The value of a Content-Disposition header for a download named `filename` (cleaned; non-ASCII names as
    RFC 6266's filename*)."""
    return content_disposition_header(not inline, clean_filename(filename))


def zip_entry_names(names) -> list[str]:
    """Clean entry names for a zip, in order, made unique (`name (2).ext`) so that no entry hides another."""
    seen: set[str] = set()
    result = []
    for name in names:
        cleaned = clean_filename(name)
        candidate, number = cleaned, 2
        while candidate.casefold() in seen:
            stem, dot, extension = cleaned.rpartition(".")
            candidate = f"{stem} ({number}).{extension}" if dot else f"{cleaned} ({number})"
            number += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result
