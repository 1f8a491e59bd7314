"""The page's marking: a banner at the top and bottom of every mission page with the highest
level among the records on it.

Every classified row loaded for the request notes its level (``Classified.from_db``), and so
does every entry a version's snapshot shows, so no template has to remember to: the banner is
written into the page once it is rendered, where ``base.html`` left its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html

from missions.classification import Classification, marking_text, shown_levels

# Left by base.html on mission pages: the mission's default level and its own marking.
PLACEHOLDER = re.compile(rb"<!--page-marking\|(\d)\|([^|>]*)\|-->")


@contextmanager
def marking_levels() -> Iterator[list[int]]:
    """Collect the highest level of what is read inside the block (a page, a brief)."""
    highest = [Classification.UNCLASSIFIED]
    token = shown_levels.set(highest)
    try:
        yield highest
    finally:
        shown_levels.reset(token)


class MarkingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with marking_levels() as highest:
            response = self.get_response(request)
        if (
            response.streaming
            or "html" not in response.get("Content-Type", "")
            or b"<!--page-marking|" not in response.content
        ):
            return response
        level = highest[0]

        def banner(found: re.Match) -> bytes:
            text = marking_text(level, int(found.group(1)), unquote(found.group(2).decode()))
            return render_to_string(
                "partials/_page_marking.html",
                {"level": level, "text": format_html("{}", text)},
                request=None,
            ).encode()

        response.content = PLACEHOLDER.sub(banner, response.content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
