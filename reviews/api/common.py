"""What the review endpoints share: the policy judged on the right record, the lock of a
review that is not open, and the schema of records written with If-Match but never deleted."""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers
from rest_framework.request import Request

from core.api_concurrency import (
    ETAG_PARAMETER,
    IF_MATCH_PARAMETER,
    ErrorSerializer,
    RevisionConcurrencyMixin,
    conflict_serializer,
)
from missions.models import Mission
from missions.policy import can
from reviews.models import Review, ReviewStatus
from reviews.services.guards import ReviewLocked
from strategies.api.common import MissionScopedViewSet, PolicyPermission, ScopedCreateModelMixin


class ReviewPolicyPermission(PolicyPermission):
    """``PolicyPermission``, judging ``view.policy_target(obj)`` (a contribution assessment
    is judged on its contribution's component), and refusing any write in a review that is
    not open with the review's own reason (403)."""

    def has_object_permission(self, request: Request, view: Any, obj: models.Model) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not can(request.user, view.write_action, view.mission_of(obj), view.policy_target(obj)):
            return False
        review = view.review_of(obj)
        if review is not None and review.status != ReviewStatus.OPEN:
            raise ReviewLocked(review)
        return True


class ReviewScopedViewSet(MissionScopedViewSet):
    """Base of the records held by a review (``review`` foreign key)."""

    permission_classes = [permissions.IsAuthenticated, ReviewPolicyPermission]
    mission_path = "review__mission"

    def policy_target(self, obj: models.Model) -> Any:
        return obj

    def review_of(self, obj: models.Model) -> Review | None:
        return getattr(obj, "review", None)


class ReviewRecordViewSet(
    RevisionConcurrencyMixin,
    ReviewScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
):
    """Records entered in a review: listed, read, entered (judged on the review's mission)
    and changed (If-Match)."""

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["review"].mission, None


class AssessmentViewSet(ReviewRecordViewSet):
    """Assessments: never deleted, as a review keeps what was assessed in it."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]


def review_record_schema(serializer_class: type[serializers.Serializer], *, destroy: bool = False):
    """ETag, If-Match and the 400/403/404/412/428 answers, for the actions the view has."""
    conflict = conflict_serializer(serializer_class)
    errors = {
        400: OpenApiResponse(ErrorSerializer, "Invalid input: messages by field under errors."),
        403: OpenApiResponse(
            ErrorSerializer, "Your role may not make this change, or the review is not open."
        ),
        404: OpenApiResponse(ErrorSerializer, "No such record among your missions."),
    }
    preconditions = {
        412: OpenApiResponse(
            conflict,
            "Changed by someone else since you read it: the current record is under "
            "current, its ETag in the ETag header.",
        ),
        428: OpenApiResponse(ErrorSerializer, "If-Match is missing."),
    }
    write = {"parameters": [IF_MATCH_PARAMETER, ETAG_PARAMETER]}
    views = {
        "retrieve": extend_schema(parameters=[ETAG_PARAMETER]),
        "create": extend_schema(
            parameters=[ETAG_PARAMETER],
            responses={201: serializer_class, 400: errors[400], 403: errors[403]},
        ),
        "update": extend_schema(
            **write, responses={200: serializer_class, **errors, **preconditions}
        ),
        "partial_update": extend_schema(
            **write, responses={200: serializer_class, **errors, **preconditions}
        ),
    }
    if destroy:
        views["destroy"] = extend_schema(
            parameters=[IF_MATCH_PARAMETER],
            responses={204: None, 403: errors[403], 404: errors[404], **preconditions},
        )
    return extend_schema_view(**views)
