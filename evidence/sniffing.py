"""What a file is, from its bytes: the browser's word (its Content-Type) is never taken.

Accepted: PDF; Office documents (OOXML and OpenDocument zips, legacy OLE files); PNG, JPEG,
GIF and WebP images; e-mail exports (.eml, Outlook .msg). The name's extension must agree with
what the bytes are, so a text file renamed .pdf or a program renamed .docx is refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}
ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# A legacy OLE file is told apart by its extension only (its streams say the same at length).
OLE_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "msg": "application/vnd.ms-outlook",
}
EML_TYPE = "message/rfc822"
# An e-mail export starts with header lines, and names its sender.
_HEADER = re.compile(rb"^[!-9;-~]+:[ \t]")
_EML_NEEDS = (b"from:",)
_EML_ANY = (b"date:", b"subject:", b"message-id:", b"to:")

# Labels shown beside a file (not translated: they are the formats' names).
LABELS = {
    "application/pdf": "PDF",
    **{ctype: ext.upper() for ctype, ext in OOXML.values()},
    **{ctype: ext.upper() for ctype, ext in ODF.items()},
    **{ctype: ext.upper() for ext, ctype in OLE_TYPES.items()},
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    EML_TYPE: "EML",
}
ACCEPTED_EXTENSIONS = (
    *("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", "msg"),
    *("png", "jpg", "jpeg", "gif", "webp", "eml"),
)


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extensions: tuple[str, ...]


def sniff(handle: IO[bytes], name: str) -> Sniffed | None:
    """The file's type if its bytes are one we accept and its name's extension agrees; else
    None. ``handle`` must be seekable; it is left at its start."""
    handle.seek(0)
    head = handle.read(4096)
    handle.seek(0)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found = _from_bytes(handle, head, extension)
    if found is None or extension not in found.extensions:
        return None
    return found


def _from_bytes(handle: IO[bytes], head: bytes, extension: str) -> Sniffed | None:
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", ("pdf",))
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", ("png",))
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", ("jpg", "jpeg"))
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image/gif", ("gif",))
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", ("webp",))
    if head.startswith(OLE):
        ctype = OLE_TYPES.get(extension)
        return Sniffed(ctype, (extension,)) if ctype else None
    if head.startswith(ZIP):
        return _zip_document(handle)
    if _looks_like_email(head):
        return Sniffed(EML_TYPE, ("eml",))
    return None


def _zip_document(handle: IO[bytes]) -> Sniffed | None:
    """An OOXML or OpenDocument file, by its parts' names (only the directory is read)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
            if "mimetype" in names and names[0] == "mimetype":
                info = archive.getinfo("mimetype")
                declared = archive.read("mimetype")[:100] if info.file_size < 100 else b""
                ctype = declared.decode("ascii", "replace").strip()
                if ctype in ODF:
                    return Sniffed(ctype, (ODF[ctype],))
                return None
            if "[Content_Types].xml" in names:
                for prefix, (ctype, ext) in OOXML.items():
                    if any(n.startswith(prefix) for n in names):
                        return Sniffed(ctype, (ext,))
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        handle.seek(0)
    return None


def _looks_like_email(head: bytes) -> bool:
    """Header lines up to the first blank line, with a sender and one other usual header."""
    if b"\x00" in head:
        return False
    block = head.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [line for line in block.split(b"\n") if line and line[:1] not in (b" ", b"\t")]
    if not lines or not all(_HEADER.match(line) for line in lines):
        return False
    names = {line.split(b":", 1)[0].lower() + b":" for line in lines}
    return all(n in names for n in _EML_NEEDS) and any(n in names for n in _EML_ANY)
