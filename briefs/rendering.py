"""HTML to PDF: the one renderer behind the worker, the command and the benchmark.

WeasyPrint lays out the print template with ``static/css/brief_print.css``; the PDF is tagged
(PDF/UA-1), with the document's title and language taken from the HTML.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from briefs.audiences import Audience
from briefs.bidi import orient_blocks
from briefs.content import Cut, Subject, brief_context
from core import times
from missions.need_to_know import within

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from weasyprint import CSS

PRINT_CSS = "css/brief_print.css"
# WeasyPrint reports each layout step and page at INFO: noise in a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    cut: Cut | None = None


def _print_css_path() -> Path:
    found = finders.find(PRINT_CSS)
    return Path(found) if found else Path(settings.STATIC_ROOT) / PRINT_CSS


def _weasyprint() -> ModuleType:
    """Imported on first use: web processes that never render do not pay for it."""
    import weasyprint

    return weasyprint


@lru_cache(maxsize=4)
def _stylesheet(path: str, mtime: float) -> CSS:
    return _weasyprint().CSS(filename=path)


def print_stylesheet() -> CSS:
    """Parsed once per worker (again if the file changes): every brief uses the same sheet."""
    path = _print_css_path()
    return _stylesheet(str(path), path.stat().st_mtime)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside a <style> element."""
    escaped = (
        str(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("<", "\\3c ")
        .replace(">", "\\3e ")
    )
    return f'"{escaped}"'


def counter_content(template: str) -> str:
    """``Page {page} of {pages}`` as CSS content: "Page " counter(page) " of " counter(pages)."""
    out = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        elif piece:
            out.append(css_string(piece))
    return " ".join(out)


def page_css(*, running_title: str, marking: str, footer: str) -> SafeString:
    """The margin boxes' words, translated: the print stylesheet holds only their look."""
    page = counter_content(_("Page {page} of {pages}"))
    # Safe: every value is written as an escaped CSS string.
    return mark_safe(
        "@page {"
        f" @top-left {{ content: {css_string(running_title)}; }}"
        f" @top-center {{ content: {css_string(marking)}; }}"
        f" @bottom-left {{ content: {css_string(footer)}; }}"
        f" @bottom-center {{ content: {css_string(marking)}; }}"
        f" @bottom-right {{ content: {page}; }}"
        " }"
        # The cover keeps the marking, the recipient and date, and "Page 1 of N".
        " @page :first { @top-left { content: none; } @top-right { content: none; } }"
    )


def footer_line(recipient: str, generated: datetime) -> str:
    """Whom the brief is for and when it was printed, at the foot of every page."""
    when = times.when(generated)
    if recipient:
        return _("For %(recipient)s · printed %(date)s") % {"recipient": recipient, "date": when}
    return _("Printed %(date)s") % {"date": when}


def compose(
    subject: Subject,
    *,
    audience: str = Audience.HQ,
    recipient: str = "",
    requested_by: AbstractBaseUser | None = None,
    now: datetime | None = None,
) -> tuple[str, Cut]:
    """The brief for ``audience`` as one HTML document, with dates in the mission's time
    zone, and what it printed and left out."""
    with timezone.override(subject.mission.zone):
        context = brief_context(
            subject, audience=audience, recipient=recipient, requested_by=requested_by, now=now
        )
        context["page_css"] = page_css(
            running_title=context["running_title"],
            marking=context["marking"],
            footer=footer_line(context["recipient_line"], context["generated_at"]),
        )
        cut = context["cut"]
        # Anything the templates read lazily is read within the audience's level too.
        with within(cut.ceiling):
            return render_to_string("briefs/pdf/brief.html", context), cut


def render_html(subject: Subject, **options: Any) -> str:
    return compose(subject, **options)[0]


def html_to_pdf(html: str) -> Rendered:
    """WeasyPrint with the print stylesheet and the PDF/UA variant."""
    parsed = _weasyprint().HTML(string=html, base_url=str(settings.BASE_DIR))
    orient_blocks(parsed.etree_element)
    document = parsed.render(stylesheets=[print_stylesheet()], **PDF_OPTIONS)
    return Rendered(pdf=document.write_pdf(**PDF_OPTIONS), pages=len(document.pages))


def render_subject(subject: Subject, **options: Any) -> Rendered:
    """The PDF (``compose``'s options), with what it printed and left out."""
    html, cut = compose(subject, **options)
    return replace(html_to_pdf(html), cut=cut)
