"""/api/v1/objectives/: strategic objectives, validated as the objective editor validates them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework import serializers

from core.api_concurrency import revision_schema
from missions.classification_api import MarkingSerializerMixin
from missions.models import Level
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    ScopedPrimaryKeyRelatedField,
    input_mission,
    invalid_input,
)
from strategies.forms import PHASE_MESSAGE
from strategies.models import Assumption, Objective, ProgressMarker, Risk
from strategies.selectors.owners import NOT_AN_OWNER, objective_owner_choices
from strategies.services.objectives import objective_create, objective_delete, objective_update


class AssumptionSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Assumption
        fields = ["id", "statement", "rating", "revision", "classification", "named_readers"]
        read_only_fields = fields


class RiskSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "description",
            "severity",
            "mitigation",
            "revision",
            "classification",
            "named_readers",
        ]
        read_only_fields = fields


class MarkerSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = ProgressMarker
        fields = [
            "id",
            "statement",
            "baseline",
            "target",
            "latest_reading",
            "reading_on",
            "classification",
            "named_readers",
        ]
        fields += ["revision"]
        read_only_fields = fields


class ObjectiveSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """An objective; ``mission`` is fixed at creation (see ``ObjectiveCreateSerializer``)."""

    mission = MissionAcronymField(read_only=True)
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices),
        allow_empty=False,
        error_messages={"empty": gettext_lazy("Choose at least one level of engagement.")},
    )
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission", allow_null=True, required=False
    )
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True)
    phase = serializers.IntegerField(
        min_value=1,
        max_value=9,
        required=False,
        error_messages={"min_value": PHASE_MESSAGE, "max_value": PHASE_MESSAGE},
    )
    owner = ScopedPrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(),
        mission_path="memberships__mission",
        allow_null=True,
        required=False,
    )
    owner_name = serializers.SerializerMethodField()
    assumptions = AssumptionSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    markers = MarkerSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = [
            "id",
            "mission",
            "end_state",
            "code",
            "title",
            "description",
            "levels",
            "parent",
            "parent_code",
            "priority",
            "phase",
            "owner",
            "owner_name",
            "status",
            "classification",
            "named_readers",
            "revision",
            "assumptions",
            "risks",
            "markers",
        ]
        read_only_fields = ["end_state", "revision"]
        # Codes are unique per mission ignoring case: the objective editor's rule, applied by
        # the service (with the message on "code").
        validators: list[Any] = []

    def get_owner_name(self, obj: Objective) -> str | None:
        if obj.owner is None:
            return None
        return obj.owner.get_full_name() or obj.owner.get_username()

    def validate_levels(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The parent and owner were looked up among all the caller's missions: they must be
        of the objective's own, and the owner someone who may own it there (the objective
        editor's rule; a current owner is kept). The editor's rules proper are the service's."""
        mission = input_mission(self, attrs)
        errors: dict[str, list[str]] = {}
        parent = attrs.get("parent")
        if parent is not None and parent.mission_id != mission.pk:
            errors["parent"] = [_("The parent must be an objective of the same mission.")]
        owner = attrs.get("owner")
        if (
            owner is not None
            and owner.pk != getattr(self.instance, "owner_id", None)
            and not objective_owner_choices(mission).filter(pk=owner.pk).exists()
        ):
            errors["owner"] = [str(NOT_AN_OWNER)]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ObjectiveCreateSerializer(ObjectiveSerializer):
    mission = MissionAcronymField(help_text="The mission's acronym, such as UNSMK.")


class ObjectiveFilter(MissionFilterSet):
    level = filters.ChoiceFilter(
        choices=Level.choices, method="filter_level", label="Level of engagement"
    )
    code = filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Objective
        fields = ["mission", "code", "level", "status", "priority", "phase", "parent"]

    def filter_level(self, queryset: QuerySet[Objective], name: str, value: str) -> QuerySet:
        return queryset.filter(levels__contains=[value])


@revision_schema(ObjectiveSerializer)
class ObjectiveViewSet(EditableViewSet):
    """Strategic objectives of the caller's missions, with assumptions, risks and markers.

    Writes need the right to edit the strategy. A new objective serves the mission's current
    end state.
    """

    serializer_class = ObjectiveSerializer
    create_serializer_class = ObjectiveCreateSerializer
    filterset_class = ObjectiveFilter

    def base_queryset(self) -> QuerySet[Objective]:
        return (
            Objective.objects.select_related("mission", "parent", "owner")
            .prefetch_related(
                Prefetch("assumptions", queryset=Assumption.objects.order_by("pk")),
                Prefetch("risks", queryset=Risk.objects.order_by("pk")),
                Prefetch("markers", queryset=ProgressMarker.objects.order_by("pk")),
            )
            .order_by("mission__acronym", "code", "pk")
        )

    def perform_create(self, serializer: serializers.Serializer) -> Objective:
        data = dict(serializer.validated_data)
        mission = data.pop("mission")
        try:
            return objective_create(mission=mission, data=data, by=self.request.user)
        except ValidationError as exc:
            # A new objective's one rule about the whole record is that its mission has an
            # end state to serve: the client chose the mission, so it is told under "mission".
            raise invalid_input(exc, whole="mission") from exc

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        objective_update(
            objective=serializer.instance,
            data=serializer.validated_data,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: Objective, *, expected_revision: int) -> None:
        objective_delete(
            objective=instance, expected_revision=expected_revision, by=self.request.user
        )
