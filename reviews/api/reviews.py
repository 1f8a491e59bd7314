"""/api/v1/reviews/: the periodic reviews of the caller's missions, and their transitions.

planned -> open (chief of staff, with participants) -> concluded (chief of staff, with the
conclusions) -> signed off (head of mission: decisions applied to the working draft); a
concluded review can be reopened with a reason. Each transition is a POST on the review, made
by the service the screens call: 403 for a role without the right, 400 with the messages by
field when the review cannot move on (wrong state, conclusions missing, objectives unrated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api_concurrency import ErrorSerializer
from missions.policy import Action
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewReopening,
    RiskAssessment,
)
from reviews.services import cycle as review_cycle
from strategies.api.common import MissionAcronymField, MissionFilterSet, MissionScopedViewSet

User = get_user_model()

COUNTED = {
    "objectives_assessed": ObjectiveAssessment,
    "contributions_assessed": ContributionAssessment,
    "assumptions_rated": AssumptionAssessment,
    "risks_rated": RiskAssessment,
    "markers_read": MarkerReading,
    "exit_conditions_assessed": ExitConditionAssessment,
    "decisions": Decision,
}


def _count(model: type) -> Coalesce:
    """Rows of ``model`` in the review, as a subquery (joins would multiply each other)."""
    rows = (
        model.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="get_username")
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class CountsSerializer(serializers.Serializer):
    objectives_assessed = serializers.IntegerField()
    contributions_assessed = serializers.IntegerField()
    assumptions_rated = serializers.IntegerField()
    risks_rated = serializers.IntegerField()
    markers_read = serializers.IntegerField()
    exit_conditions_assessed = serializers.IntegerField()
    decisions = serializers.IntegerField()


class ReopeningSerializer(serializers.ModelSerializer):
    reopened_by = serializers.SerializerMethodField()

    class Meta:
        model = ReviewReopening
        fields = ["reopened_at", "reopened_by", "reason"]

    def get_reopened_by(self, obj: ReviewReopening) -> str | None:
        return obj.reopened_by.get_username() if obj.reopened_by else None


class ReviewSerializer(serializers.ModelSerializer):
    """A review as the workspace shows it: period, state, who took part, and how much of it
    has been assessed and decided."""

    mission = MissionAcronymField(read_only=True)
    label = serializers.CharField(read_only=True)
    led_by = PersonSerializer(read_only=True, allow_null=True)
    signed_off_by = PersonSerializer(read_only=True, allow_null=True)
    participants = PersonSerializer(many=True, read_only=True)
    reopenings = ReopeningSerializer(many=True, read_only=True)
    counts = serializers.SerializerMethodField()
    summary = serializers.CharField(
        source="conclusions",
        read_only=True,
        help_text="The conclusions; empty when they are marked above what you may read.",
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "mission",
            "label",
            "period_start",
            "period_end",
            "opens_on",
            "due_on",
            "status",
            "led_by",
            "participants",
            "opened_at",
            "concluded_at",
            "signed_off_at",
            "signed_off_by",
            "summary",
            "summary_classification",
            "reopenings",
            "counts",
            "revision",
        ]
        read_only_fields = fields

    @extend_schema_field(CountsSerializer)
    def get_counts(self, obj: Review) -> dict[str, int]:
        return {name: getattr(obj, f"count_{name}") for name in COUNTED}


class ReviewFilter(MissionFilterSet):
    class Meta:
        model = Review
        fields = ["mission", "status"]


class OpenInputSerializer(serializers.Serializer):
    participants = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="Ids of the people taking part; each must hold a role in the mission.",
    )


class ConcludeInputSerializer(serializers.Serializer):
    summary = serializers.CharField(
        allow_blank=True,
        max_length=20_000,
        help_text="The review's conclusions; required to conclude.",
    )


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, max_length=4_000, help_text="Why the review is reopened."
    )


def _transition_schema(summary: str, request: Any = None) -> Any:
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            200: ReviewSerializer,
            400: OpenApiResponse(
                ErrorSerializer, "The review cannot move on: messages by field under errors."
            ),
            403: OpenApiResponse(ErrorSerializer, "Your role may not make this transition."),
            404: OpenApiResponse(ErrorSerializer, "No such review among your missions."),
        },
    )


class ReviewViewSet(MissionScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Reviews of the caller's missions, latest period first, with their state and counts.

    Filter with ``?mission=UNSMK`` and ``?status=open``. Transitions are POSTs on a review.
    """

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    transitions = {
        "open_review": Action.RUN_REVIEW,
        "conclude": Action.RUN_REVIEW,
        "sign_off": Action.SIGN_OFF_REVIEW,
        "reopen": Action.REOPEN_REVIEW,
    }

    @property
    def write_action(self) -> Action:  # type: ignore[override]
        return self.transitions.get(getattr(self, "action", ""), Action.RUN_REVIEW)

    def base_queryset(self) -> QuerySet[Review]:
        return (
            Review.objects.select_related("mission", "led_by", "signed_off_by")
            .prefetch_related(
                Prefetch("participants", queryset=User.objects.order_by("username")),
                Prefetch(
                    "reopenings",
                    queryset=ReviewReopening.objects.select_related("reopened_by"),
                ),
            )
            .annotate(**{f"count_{name}": _count(model) for name, model in COUNTED.items()})
            .order_by("mission__acronym", "-period_start")
        )

    def _answer(self, review: Review) -> Response:
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(self.get_serializer(fresh).data)

    def _transition(
        self,
        run: Callable[[Review, dict[str, Any]], Any],
        input_class: type[serializers.Serializer] | None = None,
    ) -> Response:
        """Run a transition on the review with the posted input (400 if refused), as the
        policy and concurrency checks of a write allow, and answer the review as it is now."""
        review = self.get_object()
        data: dict[str, Any] = {}
        if input_class is not None:
            serializer = input_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        with self.write_scope(review):
            run(review, data)
        return self._answer(review)

    @_transition_schema("Open a planned review (chief of staff)", OpenInputSerializer)
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open_review(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(
            lambda review, data: review_cycle.review_open(
                review=review, by=request.user, participants=data["participants"]
            ),
            OpenInputSerializer,
        )

    @_transition_schema("Conclude an open review (chief of staff)", ConcludeInputSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(
            lambda review, data: review_cycle.review_conclude(
                review=review, by=request.user, summary=data["summary"]
            ),
            ConcludeInputSerializer,
        )

    @_transition_schema("Sign off a concluded review (head of mission)")
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(
            lambda review, data: review_cycle.review_sign_off(review=review, by=request.user)
        )

    @_transition_schema("Reopen a concluded review, with the reason", ReopenInputSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._transition(
            lambda review, data: review_cycle.review_reopen(
                review=review, by=request.user, reason=data["reason"]
            ),
            ReopenInputSerializer,
        )
