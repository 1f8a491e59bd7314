"""/api/v1/drivers/: the conflict analysis, each driver with the objectives that address it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_concurrency import revision_schema
from missions.classification_api import MarkingSerializerMixin
from missions.models import Mission
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    input_mission,
)
from strategies.models import ConflictDriver, DriverObjective, Objective
from strategies.services.drivers import driver_create, driver_delete, driver_update


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class ObjectiveRefField(serializers.Field):
    """An objective given by id (a number) or by code (a string such as "O2")."""

    default_error_messages = {
        "invalid": gettext_lazy("Give an objective's id (a number) or its code (such as O2).")
    }

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        if isinstance(data, str) and data.strip():
            return data.strip().upper()
        self.fail("invalid")

    def to_representation(self, value: Objective) -> int:
        return value.pk


class ObjectiveRefsField(serializers.ListField):
    """The objectives addressing a driver: ids on read; ids or codes on write."""

    child = ObjectiveRefField()

    def get_attribute(self, instance: ConflictDriver) -> list[Objective]:
        return list(instance.objectives.all())


class DriverSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """A conflict driver; the mission is fixed at creation."""

    mission = MissionAcronymField(read_only=True)
    objectives = ObjectiveRefsField(
        required=False,
        help_text="The objectives that address this driver: ids on read; ids or codes (such "
        "as O2) on write. The list given replaces the current one.",
    )
    objective_codes = serializers.SerializerMethodField()

    class Meta:
        model = ConflictDriver
        fields = [
            "id",
            "mission",
            "level",
            "title",
            "description",
            "leverage_points",
            "entry_points",
            "objectives",
            "objective_codes",
            "classification",
            "named_readers",
            "revision",
        ]
        read_only_fields = ["revision"]

    def get_objective_codes(self, obj: ConflictDriver) -> list[str]:
        return [objective.code for objective in obj.objectives.all()]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        refs = attrs.get("objectives")
        if refs is not None:
            mission = input_mission(self, attrs)
            attrs["objectives"] = self._resolve(mission, refs)
        return attrs

    def _resolve(self, mission: Mission, refs: list[int | str]) -> list[Objective]:
        """Ids and codes to objectives of ``mission``; anything else is an error, not a leak."""
        ids = {ref for ref in refs if isinstance(ref, int)}
        codes = {ref for ref in refs if isinstance(ref, str)}
        found = list(
            Objective.objects.filter(mission=mission)
            .annotate(upper_code=Upper("code"))
            .filter(Q(pk__in=ids) | Q(upper_code__in=codes))
        )
        missing = sorted(str(i) for i in ids - {o.pk for o in found})
        missing += sorted(codes - {o.upper_code for o in found})
        if missing:
            raise serializers.ValidationError(
                {
                    "objectives": [
                        _("%(mission)s has no objective %(ref)s.")
                        % {"mission": mission.acronym, "ref": ref}
                        for ref in missing
                    ]
                }
            )
        return found


class DriverCreateSerializer(DriverSerializer):
    mission = MissionAcronymField(help_text="The mission's acronym, such as UNSMK.")


class DriverFilter(MissionFilterSet):
    objective = filters.ModelChoiceFilter(
        field_name="objectives",
        queryset=Objective.objects.all(),
        label="Addressed by objective (id)",
    )
    objective_code = filters.CharFilter(
        field_name="objectives__code", lookup_expr="iexact", label="Addressed by objective (code)"
    )
    addressed = filters.BooleanFilter(
        method="filter_addressed", label="Addressed by at least one objective"
    )

    class Meta:
        model = ConflictDriver
        fields = ["mission", "level", "objective", "objective_code", "addressed"]

    def filter_addressed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        links = Exists(DriverObjective.objects.filter(driver=OuterRef("pk")))
        return queryset.filter(links if value else ~links)


@revision_schema(DriverSerializer)
class DriverViewSet(EditableViewSet):
    """Conflict drivers of the caller's missions, by level (edit: strategy editors)."""

    serializer_class = DriverSerializer
    create_serializer_class = DriverCreateSerializer
    filterset_class = DriverFilter

    def base_queryset(self) -> QuerySet[ConflictDriver]:
        return (
            ConflictDriver.objects.select_related("mission")
            .prefetch_related(
                Prefetch("objectives", queryset=Objective.objects.order_by("code", "pk"))
            )
            .order_by("mission__acronym", "level", "title", "pk")
        )

    def perform_create(self, serializer: serializers.Serializer) -> ConflictDriver:
        values = dict(serializer.validated_data)
        mission, objectives = values.pop("mission"), values.pop("objectives", [])
        return driver_create(
            mission=mission, values=values, objectives=objectives, by=self.request.user
        )

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        values = dict(serializer.validated_data)
        objectives = values.pop("objectives", None)  # left out, they stay as they are
        driver_update(
            driver=serializer.instance,
            values=values,
            objectives=objectives,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: ConflictDriver, *, expected_revision: int) -> None:
        driver_delete(driver=instance, expected_revision=expected_revision, by=self.request.user)
