"""The API schema says every answer an operation can give, from one place.

drf-spectacular documents the success answer of each operation; what REST framework and our
own checks answer besides (an error in the shape of ``strategy_app.api_errors``) would have to
be repeated on every view. This ``AutoSchema`` adds them by what the operation is: 400 where
it reads input, 401/403 where it needs a signed-in member, 404 everywhere (an unknown id, or a
path the API does not have), 412/428 where it takes ``If-Match``, 409/415 where it reads a body,
429 under a throttle. It also says what a request refuses: a blank string or an empty list
where the serializer refuses one, an ``If-Match`` that is not a revision. Schemathesis holds
the server to this (tests/api/test_api_contract.py).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

from core.api_input import BIGINT_MAX

# One ETag as If-Match may name it: "3", 3 or W/"3". ``core.api_concurrency`` parses
# with it, so the published pattern and the parser cannot drift apart.
ETAG_PATTERN = r'(W/)?"[0-9]{1,18}"|[0-9]{1,18}'
IF_MATCH_PATTERN = rf"^ *({ETAG_PATTERN}) *(, *({ETAG_PATTERN}) *)*$"
BODY_METHODS = {"POST", "PUT", "PATCH"}


class ErrorSerializer(serializers.Serializer):
    """The API's one error shape (strategy_app.api_errors)."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERRORS = {
    "400": _("Invalid input: messages by field (or parameter) under errors."),
    "401": _("No valid credentials: send Authorization: Token <key>."),
    "403": _("Your role may not do this (or a signed-in browser sent no CSRF token)."),
    "404": _("No such record among your missions, or no such path."),
    "409": _("Names what exists already (a code, a name, a pairing): messages by field."),
    "412": _("Changed by someone else since you read it."),
    "415": _("The body is not in a media type this operation reads."),
    "428": _("If-Match is missing."),
    "429": _("Too many requests: wait as long as Retry-After says."),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, plus the error answers and request constraints described above."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                answer = OpenApiResponse(ErrorSerializer, str(ERRORS[code]))
                responses[code] = self._get_response_for_code(answer, code, direction=direction)
        return dict(sorted(responses.items()))

    def _error_codes(self) -> list[str]:
        parameters = self._get_parameters()
        if_match = any(p["in"] == "header" and p["name"] == "If-Match" for p in parameters)
        reads_input = self.method in BODY_METHODS or any(p["in"] != "path" for p in parameters)
        codes = ["404"]
        if reads_input:
            codes.append("400")
        if self.method in BODY_METHODS:
            codes += ["409", "415"]
        if not all(
            issubclass(permission, permissions.AllowAny)
            for permission in self.view.permission_classes
        ):
            codes += ["401", "403"]
        if if_match:
            codes += ["412", "428"]
        if self.view.throttle_classes:
            codes.append("429")
        return codes

    def map_parsers(self) -> list[str]:
        """JSON only, unless the operation takes a file. The form parsers stay for REST
        framework's own pages, but a form cannot say null or an empty list, so a client
        following the schema uses JSON."""
        media_types = super().map_parsers()
        if "application/json" in media_types and not self._reads_files():
            return ["application/json"]
        return media_types

    def _reads_files(self) -> bool:
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(serializer, "fields", {})
        return any(isinstance(field, serializers.FileField) for field in fields.values())

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] == "header" and parameter["name"] == "If-Match":
                parameter["schema"] = {**schema, "pattern": IF_MATCH_PATTERN}
            if parameter["in"] != "query":
                continue
            if not parameter.get("required"):
                # django-filter and the pagination read ?status= as no status given.
                parameter["allowEmptyValue"] = True
            if schema.get("type") == "integer" and not {"minimum", "maximum"} & set(schema):
                # Numbers reach PostgreSQL as bigint; beyond it they are refused (core.api_input).
                schema.update(minimum=-BIGINT_MAX - 1, maximum=BIGINT_MAX)
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or field.read_only:
            return schema
        if refuses_blank(field, schema):
            schema["minLength"] = max(schema.get("minLength", 0), 1)
        if schema.get("type") == "array" and getattr(field, "allow_empty", True) is False:
            schema["minItems"] = max(schema.get("minItems", 0), 1)
        return schema


def refuses_blank(field: Any, schema: dict[str, Any]) -> bool:
    """A text field that answers "may not be blank", or a related field that reads "" as no
    value and answers "may not be null"."""
    if schema.get("type") != "string" or "enum" in schema or "format" in schema:
        return False
    if isinstance(field, serializers.CharField):
        return not field.allow_blank
    if isinstance(field, serializers.RelatedField):
        return not field.allow_null
    return False
