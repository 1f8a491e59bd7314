"""One JSON error shape for the API: ``{"detail": ..., "errors": {field: [messages]}}``."""

from typing import Any

from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.api_input import TAKEN

# REST framework's code for a related id that names no record the field's queryset holds.
MISSING = "does_not_exist"


def flatten(errors: Any, field: str = "") -> dict[str, list[str]]:
    """Errors by field as the schema documents them, a list of messages under each name.

    REST framework nests the errors of a list item or a nested record (``{"levels": {"0":
    [...]}}``); here they are under the dotted path of the value, ``"levels.0"``."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            flat.update(flatten(value, f"{field}.{key}" if field else str(key)))
        return flat
    if isinstance(errors, list) and any(isinstance(item, dict | list) for item in errors):
        flat = {}
        for index, item in enumerate(errors):
            if item:
                flat.update(flatten(item, f"{field}.{index}"))
        return flat
    messages = errors if isinstance(errors, list) else [errors]
    return {field: [str(message) for message in messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        codes = [code for codes in flatten(exc.get_codes()).values() for code in codes]
        detail = "Invalid input."
        if codes and all(code == TAKEN for code in codes):
            # Only "already exists" and nothing else wrong with the input (core.api_input).
            response.status_code = status.HTTP_409_CONFLICT
        elif codes and all(code == MISSING for code in codes):
            # Only well-formed ids of records the caller cannot see (missing or another
            # mission's, alike): the named record is not found, the request itself is sound.
            response.status_code = status.HTTP_404_NOT_FOUND
            detail = "Not found."
        response.data = {"detail": detail, "errors": flatten(errors)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    return response


class NotFoundApi(APIView):
    """Any path under the API that no route takes: 404 in the API's shape, not the HTML page.

    A malformed id (``/objectives/0.5/``) fails the router's pattern before any view runs."""

    permission_classes = [permissions.AllowAny]
    schema = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Runs before the method is looked at: any method gets the 404.
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound
