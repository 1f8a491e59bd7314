"""What the API accepts: bodies without NUL characters or deep nesting, pages within bounds.

The parsers are REST framework's own, with the checks of ``core.hostile_input`` on what they
read: a NUL in a field is a 400 naming the field, JSON nested deeper than ``MAX_JSON_DEPTH`` a
400 (Python's decoder would otherwise give up with a RecursionError, a 500). They run when a
view first reads ``request.data``, so after its permission checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import pagination, parsers, serializers, status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.hostile_input import NUL, nul_field, nul_message

# The code of a message saying the input names what exists already (answered 409).
TAKEN = "taken"
# The API's inputs nest two or three levels (a driver's list of objectives); 64 is far beyond.
MAX_JSON_DEPTH = 64
# PostgreSQL's bigint: a LIMIT or OFFSET beyond it fails in the database ("bigint out of range").
BIGINT_MAX = 2**63 - 1


class AlreadyExists(ValidationError):
    """Field errors, answered 409 Conflict: the input is well formed but names what exists
    already (a code, a name, a pairing), so the same request would be refused until the
    other record changes. A serializer re-raises what its ``validate`` raises as a plain
    ``ValidationError``; the code ``taken`` of each message survives, and the exception
    handler answers 409 when every message has it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = TAKEN

    def __init__(self, detail: Any = None) -> None:
        super().__init__(detail, code=TAKEN)


def refuse_nul(fields: Any) -> None:
    field = nul_field(fields)
    if field is not None:
        raise ValidationError({field: [nul_message()]})


def too_deep() -> ParseError:
    message = _("JSON nested more than %(depth)s levels deep is not accepted.")
    return ParseError(message % {"depth": MAX_JSON_DEPTH})


def check_json(data: Any) -> None:
    """Refuse nesting deeper than ``MAX_JSON_DEPTH`` and a NUL in any key or string, naming
    the top-level field it is under. Iterative, so any depth costs no stack."""
    stack: list[tuple[Any, int, str | None]] = [(data, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                raise ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: [nul_message()]})
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise too_deep()
        if isinstance(value, list):
            stack.extend((item, depth + 1, field) for item in value)
            continue
        for key, item in value.items():
            if NUL in key:
                raise ValidationError({field or api_settings.NON_FIELD_ERRORS_KEY: [nul_message()]})
            stack.append((item, depth + 1, key if field is None and depth == 1 else field))


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            # The C decoder stops at Python's recursion limit, at once: a few microseconds.
            raise too_deep() from exc
        check_json(data)
        return data


class FormParser(parsers.FormParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping | None = None
    ) -> Any:
        data = super().parse(stream, media_type, parser_context)
        refuse_nul(data.lists())
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping | None = None
    ) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        refuse_nul(parsed.data.lists())
        return parsed


class PageQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, required=False)
    offset = serializers.IntegerField(min_value=0, max_value=BIGINT_MAX, required=False)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=`` (more than ``max_limit`` reads as ``max_limit``) and ``?offset=``.

    REST framework quietly falls back to the defaults on a value it cannot read, and passes
    any number on to the database; here a limit or offset that is not a whole number in range
    is a 400 naming the parameter. An empty value means the default.
    """

    max_limit = 500
    query: Mapping[str, int] = {}

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list | None:
        given = {
            name: request.query_params[name]
            for name in ("limit", "offset")
            if request.query_params.get(name, "") != ""
        }
        query = PageQuerySerializer(data=given)
        query.is_valid(raise_exception=True)
        self.query = query.validated_data
        return super().paginate_queryset(queryset, request, view)

    def get_limit(self, request: Request) -> int | None:
        limit = self.query.get("limit")
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return self.query.get("offset", 0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        limit, offset = super().get_schema_operation_parameters(view)
        # Not max_limit: a larger limit is read as max_limit, as the description says.
        limit["schema"].update(minimum=1)
        limit["description"] = (
            f"Results per page: at most {self.max_limit}, a larger limit reads as {self.max_limit}."
        )
        offset["schema"].update(minimum=0, maximum=BIGINT_MAX)
        return [limit, offset]
