"""/api/v1/stakeholders/ and /api/v1/positions/: the register and the position matrix.

A position is dated: a new stance is a new row, and the older rows are the stakeholder's
history, so positions are created and read, never changed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from core.api_concurrency import ErrorSerializer, revision_schema
from core.api_input import AlreadyExists
from missions.classification_api import MarkingSerializerMixin
from missions.models import Mission, Stakeholder
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    MissionScopedViewSet,
    ScopedCreateModelMixin,
    ScopedPrimaryKeyRelatedField,
    input_mission,
)
from strategies.forms_register import mission_today
from strategies.models import Objective, StakeholderPosition
from strategies.services.stakeholders import (
    position_record,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_update,
)

# -- stakeholders


class StakeholderSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """A stakeholder of one mission; the mission is fixed at creation."""

    mission = MissionAcronymField(read_only=True)

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "mission",
            "name",
            "kind",
            "level",
            "influence",
            "notes",
            "revision",
            "classification",
            "named_readers",
        ]
        read_only_fields = ["revision"]
        # Names are unique per mission ignoring case, checked below with a message on "name".
        validators: list[Any] = []

    def validate_name(self, value: str) -> str:
        return value.strip()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        mission = input_mission(self, attrs)
        name = attrs.get("name")
        if name is not None:
            clash = Stakeholder.objects.filter(mission=mission, name__iexact=name)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise AlreadyExists(
                    {
                        "name": [
                            _("This mission already has a stakeholder called %(name)s.")
                            % {"name": name}
                        ]
                    }
                )
        return attrs


class StakeholderCreateSerializer(StakeholderSerializer):
    mission = MissionAcronymField(help_text="The mission's acronym, such as UNSMK.")


class StakeholderFilter(MissionFilterSet):
    name = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Stakeholder
        fields = ["mission", "name", "kind", "level", "influence"]


@revision_schema(StakeholderSerializer)
class StakeholderViewSet(EditableViewSet):
    """The stakeholder register of the caller's missions (edit: strategy editors).

    Deleting a stakeholder deletes their positions too.
    """

    serializer_class = StakeholderSerializer
    create_serializer_class = StakeholderCreateSerializer
    filterset_class = StakeholderFilter

    def base_queryset(self) -> QuerySet[Stakeholder]:
        return Stakeholder.objects.select_related("mission").order_by(
            "mission__acronym", "name", "pk"
        )

    def perform_create(self, serializer: serializers.Serializer) -> Stakeholder:
        values = dict(serializer.validated_data)
        mission = values.pop("mission")
        return stakeholder_create(mission=mission, values=values, by=self.request.user)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        stakeholder_update(
            stakeholder=serializer.instance,
            values=serializer.validated_data,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: Stakeholder, *, expected_revision: int) -> None:
        stakeholder_delete(
            stakeholder=instance, expected_revision=expected_revision, by=self.request.user
        )


# -- positions


class PositionSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    mission = MissionAcronymField(source="objective.mission", read_only=True)
    stakeholder = ScopedPrimaryKeyRelatedField(
        queryset=Stakeholder.objects.all(), mission_path="mission"
    )
    stakeholder_name = serializers.CharField(source="stakeholder.name", read_only=True)
    objective = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission"
    )
    objective_code = serializers.CharField(source="objective.code", read_only=True)
    as_of = serializers.DateField(
        required=False, help_text="The date of the stance; today in the mission if left out."
    )

    class Meta:
        model = StakeholderPosition
        fields = [
            "id",
            "mission",
            "stakeholder",
            "stakeholder_name",
            "objective",
            "objective_code",
            "stance",
            "as_of",
            "note",
            "classification",
            "named_readers",
            "revision",
        ]
        read_only_fields = ["revision"]
        # One position per stakeholder, objective and day: checked below, with a clear message.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        stakeholder, objective = attrs["stakeholder"], attrs["objective"]
        if stakeholder.mission_id != objective.mission_id:
            raise serializers.ValidationError(
                {"objective": [_("The objective must belong to the stakeholder's mission.")]}
            )
        today = mission_today(objective.mission)
        as_of = attrs.setdefault("as_of", today)
        if as_of > today:
            raise serializers.ValidationError(
                {
                    "as_of": [
                        _("A position cannot be dated in the future (today is %(today)s).")
                        % {"today": today.isoformat()}
                    ]
                }
            )
        if StakeholderPosition.objects.filter(
            stakeholder=stakeholder, objective=objective, as_of=as_of
        ).exists():
            raise AlreadyExists(
                {
                    "as_of": [
                        _(
                            "%(stakeholder)s already has a position on %(code)s as of "
                            "%(date)s. Positions are dated rows: record the new stance under "
                            "another date."
                        )
                        % {
                            "stakeholder": stakeholder.name,
                            "code": objective.code,
                            "date": as_of.isoformat(),
                        }
                    ]
                }
            )
        return attrs


class PositionFilter(MissionFilterSet):
    mission = filters.CharFilter(
        field_name="objective__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )
    objective_code = filters.CharFilter(field_name="objective__code", lookup_expr="iexact")
    since = filters.DateFilter(field_name="as_of", lookup_expr="gte", label="As of on or after")
    until = filters.DateFilter(field_name="as_of", lookup_expr="lte", label="As of on or before")
    latest = filters.BooleanFilter(
        method="filter_latest",
        label="Only the latest position per stakeholder and objective (true), or only older "
        "ones (false)",
    )

    class Meta:
        model = StakeholderPosition
        fields = ["mission", "stakeholder", "objective", "objective_code", "stance"]

    def filter_latest(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        newer = StakeholderPosition.objects.filter(
            stakeholder=OuterRef("stakeholder"),
            objective=OuterRef("objective"),
            as_of__gt=OuterRef("as_of"),
        )
        return queryset.filter(~Exists(newer) if value else Exists(newer))


@extend_schema_view(
    create=extend_schema(
        responses={201: PositionSerializer, 400: ErrorSerializer, 403: ErrorSerializer}
    )
)
class PositionViewSet(
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
):
    """Stakeholder positions on objectives, newest first per pair (add: strategy editors)."""

    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    mission_path = "objective__mission"

    def base_queryset(self) -> QuerySet[StakeholderPosition]:
        return StakeholderPosition.objects.select_related(
            "objective__mission", "stakeholder"
        ).order_by(
            "objective__mission__acronym", "stakeholder__name", "objective__code", "-as_of", "pk"
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["objective"].mission, None

    def perform_create(self, serializer: serializers.Serializer) -> StakeholderPosition:
        data = serializer.validated_data
        return position_record(
            stakeholder=data["stakeholder"],
            objective=data["objective"],
            stance=data["stance"],
            as_of=data["as_of"],
            note=data.get("note", ""),
            # Always a new row: the serializer refused a day that already has one.
            basis=None,
            expected_revision=1,
            by=self.request.user,
            marking=data,
        )
