"""Right-to-left briefs: a block whose own words run left to right is laid out left to right.

The web pages let the browser find each paragraph's direction (``unicode-bidi: plaintext``);
WeasyPrint reads neither that nor ``dir="auto"``, only ``dir="ltr"``. Without it an English
objective in an Arabic brief is set right to left, its full stop on the wrong side."""

from __future__ import annotations

import re
import unicodedata
from xml.etree.ElementTree import Element

# The blocks that hold people's words; headers and codes keep the page's direction.
BLOCKS = frozenset({"td", "p", "blockquote", "li", "h4", "dd", "figcaption"})
RIGHT_TO_LEFT = frozenset({"R", "AL"})
LEADING_CODE = re.compile(r"^\W*[A-Z]{1,3}\d[\d.]*")


def runs_left_to_right(text: str) -> bool:
    """Whether the first letter that has a direction runs left to right, as ``dir="auto"``
    reads it, after any leading code: "O3" before an Arabic title does not turn it round."""
    for character in LEADING_CODE.sub("", text, count=1):
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return True
        if kind in RIGHT_TO_LEFT:
            return False
    return False


def orient_blocks(root: Element) -> None:
    """In a right-to-left document, mark each block whose words begin left to right."""
    if root.get("dir") != "rtl":
        return
    for element in root.iter():
        if element.tag not in BLOCKS or "dir" in element.attrib:
            continue
        if runs_left_to_right("".join(element.itertext())):
            element.set("dir", "ltr")
