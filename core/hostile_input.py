"""Hostile input is the client's mistake: a 400 (a 404 for an address), never a 500.

PostgreSQL text cannot hold a NUL character (psycopg refuses the whole query), and the app looks
records up by what the request says: the mission in the address, a filter, the session cookie,
the token. So a NUL anywhere a request carries text (the address, the query string, a header or
cookie, a page's form field) is refused here, before any middleware or view reads the database
with it. The API's bodies are read by its parsers (``core.api_input``), which refuse NUL and
deep nesting the same way, after the view has checked the caller's right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings

NUL = "\x00"
API_PREFIX = "/api/"


def plain_digits(text: str) -> bool:
    """ASCII digits only: ``isdigit()`` alone takes "²", which ``int()`` refuses."""
    return text.isascii() and text.isdigit()


def nul_message() -> str:
    # Django's own wording, so it is already translated.
    return _("Null characters are not allowed.")


def nul_field(fields: Iterable[tuple[str, Iterable[Any]]]) -> str | None:
    """The name of the first field whose name or one of whose values holds a NUL (a name
    holding one is reported as the non-field key), or None if none does."""
    for name, values in fields:
        if NUL in name:
            return api_settings.NON_FIELD_ERRORS_KEY
        if any(isinstance(value, str) and NUL in value for value in values):
            return name
    return None


def request_nul_field(request: HttpRequest) -> str | None:
    """Where, outside the address, the request carries a NUL; None if nowhere.

    Pages' form posts are read here (Django parses them once, for CSRF and the view alike);
    the API's bodies are left to its parsers, so that permission comes before parsing.
    """
    sources: list[Iterable[tuple[str, Iterable[Any]]]] = [
        request.GET.lists(),
        ((name, [value]) for name, value in request.headers.items()),
        # A quoted cookie may spell a NUL as an octal escape ("\000"): the session key.
        [("Cookie", request.COOKIES.values())],
    ]
    if request.method == "POST" and not request.path_info.startswith(API_PREFIX):
        # Uploaded files' names need no check: Django keeps only their printable characters.
        sources.append(request.POST.lists())
    for source in sources:
        field = nul_field(source)
        if field is not None:
            return field
    return None


def api_error(status: int, detail: str, errors: dict[str, list[str]]) -> JsonResponse:
    """The API's error shape, written as its renderer writes JSON (compact, UTF-8)."""
    return JsonResponse(
        {"detail": detail, "errors": errors},
        status=status,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


class HostileInputMiddleware:
    """A NUL in the address is 404 (no record is called that); elsewhere it is 400, naming
    the parameter, header or field. API addresses answer in the API's JSON error shape
    (``strategy_app.api_errors``); pages get the site's 404 page or the plain 400 one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith(API_PREFIX)
        if NUL in request.path_info:
            if api:
                detail = str(exceptions.NotFound.default_detail)
                return api_error(404, detail, {})
            raise Http404
        field = request_nul_field(request)
        if field is not None:
            if api:
                detail = str(exceptions.ValidationError.default_detail)
                return api_error(400, detail, {field: [nul_message()]})
            raise BadRequest(f"{field}: {nul_message()}")
        return self.get_response(request)
