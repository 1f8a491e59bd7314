"""Optimistic concurrency over the API: ETag out, If-Match in (DESIGN.md section 5).

A client reads a record and gets ``ETag: "<revision>"``; it writes back with ``If-Match`` and
the write succeeds only if the row is still at that revision. The check and the write are one
conditional UPDATE (``save_revision``, in the service the viewset calls), so a change that
lands between them still yields 412, never a silent overwrite. A write without ``If-Match`` is
refused with 428, because a client that does not say what it read cannot be protected from
overwriting someone else's change.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api_schema import ETAG_PATTERN, ErrorSerializer
from core.concurrency import StaleEdit

IF_MATCH = "If-Match"
ETAG = re.compile(ETAG_PATTERN)

IF_MATCH_PARAMETER = OpenApiParameter(
    IF_MATCH,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='The ETag the record was read at, such as "3" (also 3 or W/"3"). '
    "Without it the write is refused with 428; if the record changed since, with 412.",
)
ETAG_PARAMETER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description='The record\'s revision, such as "3": send it back as If-Match to write.',
)


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        'This write needs an If-Match header with the ETag you read, such as If-Match: "3", '
        "so that nobody's change is overwritten without notice."
    )
    default_code = "precondition_required"


def etag(revision: int) -> str:
    return f'"{revision}"'


def parse_if_match(value: str) -> set[int]:
    """The revisions an If-Match header names: ``"3"``, ``3``, ``W/"3"`` or a list of them.

    Exactly what ``core.api_schema.IF_MATCH_PATTERN`` publishes, so a header the schema calls
    malformed (``W/3"``, ``"3``, ``*``) is a 400 here too, never read as some revision.
    """
    revisions: set[int] = set()
    for part in value.split(","):
        token = part.strip(" ")
        if ETAG.fullmatch(token) is None:
            # "*" would mean "whatever is there now": exactly the silent overwrite we refuse.
            raise exceptions.ValidationError(
                {
                    IF_MATCH: [
                        _('Give the ETag you read, such as "3", not %(value)s.')
                        % {"value": value.strip() or '""'}
                    ]
                }
            )
        revisions.add(int(token.removeprefix("W/").strip('"')))
    return revisions


def conflict_serializer(serializer_class: type[serializers.Serializer]) -> Any:
    """The 412 body for ``serializer_class``: the error plus the record as it is now."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(
        f"{name}ConflictSerializer",
        (ErrorSerializer,),
        {
            "__doc__": "The write was refused: the record changed (or was deleted) since it "
            "was read. ``current`` is the record as saved now, or null if it is gone.",
            "current": serializer_class(allow_null=True),
        },
    )


def revision_schema(serializer_class: type[serializers.Serializer]) -> Any:
    """Class decorator documenting ETag, If-Match and the 400/403/404/412/428 answers."""
    conflict = conflict_serializer(serializer_class)
    errors = {
        400: OpenApiResponse(ErrorSerializer, "Invalid input: messages by field under errors."),
        403: OpenApiResponse(ErrorSerializer, "Your role may not make this change."),
        404: OpenApiResponse(ErrorSerializer, "No such record among your missions."),
    }
    preconditions = {
        412: OpenApiResponse(
            conflict,
            "Changed by someone else since you read it: the current record is "
            "under current, its ETag in the ETag header.",
        ),
        428: OpenApiResponse(ErrorSerializer, "If-Match is missing."),
    }
    write = {"parameters": [IF_MATCH_PARAMETER, ETAG_PARAMETER]}
    return extend_schema_view(
        retrieve=extend_schema(parameters=[ETAG_PARAMETER]),
        create=extend_schema(
            parameters=[ETAG_PARAMETER],
            responses={201: serializer_class, 400: errors[400], 403: errors[403]},
        ),
        update=extend_schema(**write, responses={200: serializer_class, **errors, **preconditions}),
        partial_update=extend_schema(
            **write, responses={200: serializer_class, **errors, **preconditions}
        ),
        destroy=extend_schema(
            parameters=[IF_MATCH_PARAMETER],
            responses={204: None, 403: errors[403], 404: errors[404], **preconditions},
        ),
    )


class RevisionConcurrencyMixin:
    """For ModelViewSets over ``Revisioned`` models: ETag on reads, If-Match on writes.

    Put it first among the bases. Every write runs inside ``write_scope(instance)``: the next
    base's ``write_scope`` if it has one (say, one adding history context), else a plain
    transaction. The viewset writes in ``perform_update(serializer, expected_revision=...)``
    and ``perform_destroy(instance, expected_revision=...)``, by calling the service that
    makes the same write for the pages, with the revision If-Match named. A ``StaleEdit``
    from it (the row changed after the check here) is a 412 like any other.
    """

    # -- reads

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            response.status_code in (200, 201)
            and isinstance(data, dict)
            and isinstance(data.get("revision"), int)
            and "results" not in data
        ):
            response["ETag"] = etag(data["revision"])
        return response

    # -- writes

    def write_scope(self, instance: models.Model) -> AbstractContextManager[Any]:
        """Around each write: the next class's scope if it has one, else a transaction."""
        parent = getattr(super(), "write_scope", None)
        return parent(instance) if parent else transaction.atomic()

    def expected_revision(self, instance: models.Model) -> int:
        """The revision the client read, from If-Match: 428 if absent, 412 if not current."""
        header = self.request.headers.get(IF_MATCH)
        if header is None or not header.strip():
            raise PreconditionRequired()
        revisions = parse_if_match(header)
        if instance.revision not in revisions:
            raise StaleEdit(instance)
        return instance.revision

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        expected = self.expected_revision(instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with self.write_scope(instance):
            self.perform_update(serializer, expected_revision=expected)
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        """Write ``serializer.validated_data`` if the row is still at ``expected_revision``."""
        raise NotImplementedError

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        expected = self.expected_revision(instance)
        with self.write_scope(instance):
            self.perform_destroy(instance, expected_revision=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance: models.Model, *, expected_revision: int) -> None:
        """Delete ``instance`` if its row is still at ``expected_revision``."""
        raise NotImplementedError

    # -- errors

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StaleEdit):
            return self._stale_response(exc)
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionRequired):
            response.data["errors"] = {IF_MATCH: [_("This header is required.")]}
        return response

    def _stale_response(self, exc: StaleEdit) -> Response:
        current = None
        if exc.current is not None:
            fresh = self.get_queryset().filter(pk=exc.current.pk).first()
            current = self.get_serializer(fresh).data if fresh is not None else None
        if current is None:
            detail = _("The record was deleted by someone else since you read it.")
            errors = {IF_MATCH: [_("The record no longer exists.")]}
        else:
            detail = _(
                "The record was changed by someone else since you read it. Its current "
                "values are under “current”: re-apply your change to them and send If-Match: "
                "%(etag)s."
            ) % {"etag": etag(current["revision"])}
            errors = {
                IF_MATCH: [
                    _("The record is now at %(etag)s.") % {"etag": etag(current["revision"])}
                ]
            }
        headers = {"ETag": etag(current["revision"])} if current else {}
        return Response(
            {"detail": detail, "errors": errors, "current": current},
            status=status.HTTP_412_PRECONDITION_FAILED,
            headers=headers,
        )
