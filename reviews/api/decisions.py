"""/api/v1/decisions/: a review's decision log. Keep, adjust, add or drop an objective;
reprioritise or resequence a task; change a contribution. Recorded, changed and deleted by the
chief of staff while the review is open; applied to the working draft on sign-off."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers

from mandates.models import MandatedTask
from missions.classification import MARKING_FIELDS
from missions.classification_api import MarkingSerializerMixin
from missions.models import Component
from missions.policy import Action
from reviews.api.assessments import AssessmentFilter
from reviews.api.common import ReviewRecordViewSet, review_record_schema
from reviews.models import Decision, Review
from reviews.services.decisions import decision_delete, decision_record, decision_update
from strategies.api.common import (
    MissionAcronymField,
    ScopedPrimaryKeyRelatedField,
)
from strategies.models import Objective

DETAILS_HELP = (
    "What the decision changes, by kind. adjust: any of title, description, priority (1-3), "
    "phase; add: code and title (and description, priority, phase, levels); reprioritise: "
    "is_strategic_priority (true or false); resequence: phase; contribution: role (lead, "
    "support or none). keep and drop need none."
)


@extend_schema_field({"type": "object", "additionalProperties": True})
class DetailsField(serializers.JSONField):
    """A JSON object (the rules of each kind are the services', reported by field)."""

    default_error_messages = {
        "not_object": gettext_lazy('Give an object, such as {{"phase": 2}}.'),
    }

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            self.fail("not_object")
        return value


class DecisionSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    mission = MissionAcronymField(source="review.mission", read_only=True)
    objective = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission", required=False, allow_null=True
    )
    objective_code = serializers.CharField(source="objective.code", read_only=True, default=None)
    task = ScopedPrimaryKeyRelatedField(
        queryset=MandatedTask.objects.select_related("mandate"),
        mission_path="mandate__mission",
        required=False,
        allow_null=True,
    )
    task_reference = serializers.CharField(source="task.reference", read_only=True, default=None)
    component = ScopedPrimaryKeyRelatedField(
        queryset=Component.objects.all(), mission_path="mission", required=False, allow_null=True
    )
    # Checked by the service with the rest of the decision, so every message comes at once.
    rationale = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=8_000
    )
    details = DetailsField(required=False, help_text=DETAILS_HELP)
    decided_by = serializers.SerializerMethodField()
    outcome = serializers.CharField(
        source="outcome_text",
        read_only=True,
        help_text=gettext_lazy("What it changed in the draft, in the reader's language."),
    )

    class Meta:
        model = Decision
        fields = [
            "id",
            "mission",
            "review",
            "kind",
            "objective",
            "objective_code",
            "task",
            "task_reference",
            "contribution",
            "component",
            "rationale",
            "details",
            "decided_by",
            "created_at",
            "applied_at",
            "outcome",
            "classification",
            "named_readers",
            "revision",
        ]
        read_only_fields = [
            "review",
            "contribution",
            "created_at",
            "applied_at",
            "outcome",
            "revision",
        ]

    def get_decided_by(self, obj: Decision) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class DecisionCreateSerializer(DecisionSerializer):
    review = ScopedPrimaryKeyRelatedField(queryset=Review.objects.all(), mission_path="mission")

    class Meta(DecisionSerializer.Meta):
        read_only_fields = ["contribution", "created_at", "applied_at", "outcome", "revision"]


class DecisionFilter(AssessmentFilter):
    class Meta:
        model = Decision
        fields = ["mission", "review", "kind", "objective", "task"]


VALUES = ("kind", "objective", "task", "component", "rationale", "details", *MARKING_FIELDS)


@review_record_schema(DecisionSerializer, destroy=True)
class DecisionViewSet(ReviewRecordViewSet, mixins.DestroyModelMixin):
    """The decisions of the caller's missions' reviews, in the order they were taken.

    Each kind needs its own record and details; a decision missing them is refused with the
    messages by field (400). Applied decisions say what they changed in ``outcome``.
    """

    serializer_class = DecisionSerializer
    create_serializer_class = DecisionCreateSerializer
    filterset_class = DecisionFilter
    write_action = Action.RUN_REVIEW

    def base_queryset(self) -> QuerySet[Decision]:
        return Decision.objects.select_related(
            "review__mission", "objective", "task", "decided_by"
        ).order_by("review__mission__acronym", "-review__period_start", "created_at", "pk")

    def perform_create(self, serializer: serializers.Serializer) -> Decision:
        data = dict(serializer.validated_data)
        review = data.pop("review")
        values = {name: data[name] for name in VALUES if name in data}
        values.setdefault("details", {})
        return decision_record(review=review, by=self.request.user, **values)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        data = serializer.validated_data
        decision_update(
            decision=serializer.instance,
            by=self.request.user,
            expected_revision=expected_revision,
            **{name: data[name] for name in VALUES if name in data},
        )

    def perform_destroy(self, instance: Decision, *, expected_revision: int) -> None:
        decision_delete(
            decision=instance, by=self.request.user, expected_revision=expected_revision
        )
