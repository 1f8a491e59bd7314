"""/api/v1/indicators/, /api/v1/indicator-readings/ and /api/v1/marker-values/: benchmarks and
markers measured by HQ systems and partners' data pipelines. The condition's status, and the
marker's latest reading, follow each write, as on the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from benchmarks.marker_services import value_add
from benchmarks.models import (
    SCALE_STEPS_MAX,
    Indicator,
    IndicatorReading,
    MarkerMeasure,
    MarkerValue,
    Measured,
)
from benchmarks.rules import is_step
from benchmarks.services import (
    INDICATOR_FIELDS,
    indicator_create,
    indicator_delete,
    indicator_update,
    reading_add,
)
from core.api_concurrency import revision_schema
from core.api_schema import ErrorSerializer
from missions.models import Mission
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    MissionScopedViewSet,
    ScopedCreateModelMixin,
    ScopedPrimaryKeyRelatedField,
)
from strategies.forms_register import mission_today
from strategies.models import ExitCondition, ProgressMarker


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator of a benchmark (an exit condition of the current end state). On an
    ordered ``scale`` (its steps, lowest first), baseline, threshold and readings are step
    numbers, 1 for the lowest."""

    mission = MissionAcronymField(read_only=True)
    exit_condition = ScopedPrimaryKeyRelatedField(
        mission_path="end_state__mission",
        queryset=ExitCondition.objects.filter(end_state__superseded_on__isnull=True),
    )
    scale = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=SCALE_STEPS_MAX, required=False
    )

    class Meta:
        model = Indicator
        fields = ["id", "mission", "exit_condition", *INDICATOR_FIELDS, "revision"]
        read_only_fields = ["revision"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        scale = attrs.get("scale", getattr(self.instance, "scale", []))
        if len(scale) == 1:
            raise serializers.ValidationError({"scale": [_("A scale has at least two steps.")]})
        for name in ("baseline", "threshold"):
            value = attrs.get(name, getattr(self.instance, name, None))
            if scale and value is not None and not is_step(value, scale):
                raise serializers.ValidationError(
                    {
                        name: [
                            _("On this scale, give a step number from 1 to %(n)s.")
                            % {"n": len(scale)}
                        ]
                    }
                )
        return attrs


class IndicatorUpdateSerializer(IndicatorSerializer):
    class Meta(IndicatorSerializer.Meta):
        read_only_fields = ["exit_condition", "revision"]


class IndicatorFilter(MissionFilterSet):
    class Meta:
        model = Indicator
        fields = ["mission", "exit_condition", "owner_kind"]


@revision_schema(IndicatorSerializer)
class IndicatorViewSet(EditableViewSet):
    """Indicators of the benchmarks of the caller's missions (edit: strategy editors)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if getattr(self.request, "method", None) in {"PUT", "PATCH"}:
            return IndicatorUpdateSerializer
        return super().get_serializer_class()

    def base_queryset(self) -> QuerySet[Indicator]:
        return (
            Indicator.objects.filter(exit_condition__end_state__superseded_on__isnull=True)
            .select_related("mission", "exit_condition__end_state")
            .order_by("mission__acronym", "exit_condition", "pk")
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["exit_condition"].end_state.mission, None

    def perform_create(self, serializer: serializers.Serializer) -> Indicator:
        values = dict(serializer.validated_data)
        condition = values.pop("exit_condition")
        return indicator_create(condition=condition, values=values, by=self.request.user)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        indicator_update(
            indicator=serializer.instance,
            values=serializer.validated_data,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: Indicator, *, expected_revision: int) -> None:
        indicator_delete(
            indicator=instance, expected_revision=expected_revision, by=self.request.user
        )


def check_reading(measure: Measured, mission: Mission, attrs: dict[str, Any]) -> None:
    """Not dated after the mission's today; on a scale, one of its steps."""
    today = mission_today(mission)
    if attrs["read_on"] > today:
        raise serializers.ValidationError(
            {
                "read_on": [
                    _("A reading cannot be dated in the future (today is %(today)s).")
                    % {"today": today.isoformat()}
                ]
            }
        )
    if measure.scale and not is_step(attrs["value"], measure.scale):
        raise serializers.ValidationError({"value": [_("Choose one of the scale's steps.")]})


class ReadingSerializer(serializers.ModelSerializer):
    """A dated value of an indicator (on a scale, the step's number)."""

    mission = MissionAcronymField(read_only=True)
    indicator = ScopedPrimaryKeyRelatedField(
        mission_path="mission",
        queryset=Indicator.objects.filter(exit_condition__end_state__superseded_on__isnull=True),
    )

    class Meta:
        model = IndicatorReading
        fields = ["id", "mission", "indicator", "value", "read_on", "note", "entered_at"]
        read_only_fields = ["entered_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        indicator = attrs["indicator"]
        check_reading(indicator, indicator.mission, attrs)
        return attrs


class ReadingFilter(MissionFilterSet):
    since = filters.DateFilter(
        field_name="read_on", lookup_expr="gte", label="Measured on or after"
    )

    class Meta:
        model = IndicatorReading
        fields = ["mission", "indicator"]


@extend_schema_view(
    create=extend_schema(
        responses={201: ReadingSerializer, 400: ErrorSerializer, 403: ErrorSerializer}
    )
)
class ReadingViewSet(
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
):
    """Readings of the indicators, oldest first per indicator (add: strategy editors)."""

    serializer_class = ReadingSerializer
    filterset_class = ReadingFilter

    def base_queryset(self) -> QuerySet[IndicatorReading]:
        return IndicatorReading.objects.select_related("mission").order_by(
            "mission__acronym", "indicator", "read_on", "pk"
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["indicator"].mission, None

    def perform_create(self, serializer: serializers.Serializer) -> IndicatorReading:
        data = serializer.validated_data
        return reading_add(
            indicator=data["indicator"],
            value=data["value"],
            read_on=data["read_on"],
            note=data.get("note", ""),
            by=self.request.user,
        )


class MarkerValueSerializer(serializers.ModelSerializer):
    """A dated value of a measured marker of progress (on a scale, the step's number)."""

    mission = MissionAcronymField(read_only=True)
    marker = ScopedPrimaryKeyRelatedField(
        mission_path="objective__mission",
        queryset=ProgressMarker.objects.select_related("objective__mission"),
    )

    class Meta:
        model = MarkerValue
        fields = ["id", "mission", "marker", "value", "read_on", "note", "entered_at"]
        read_only_fields = ["entered_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        marker = attrs["marker"]
        measure = MarkerMeasure.objects.filter(marker=marker).first()
        if measure is None:
            raise serializers.ValidationError(
                {"marker": [_("Say first how this marker is measured.")]}
            )
        check_reading(measure, marker.objective.mission, attrs)
        return attrs


class MarkerValueFilter(MissionFilterSet):
    since = filters.DateFilter(
        field_name="read_on", lookup_expr="gte", label="Measured on or after"
    )

    class Meta:
        model = MarkerValue
        fields = ["mission", "marker"]


@extend_schema_view(
    create=extend_schema(
        responses={201: MarkerValueSerializer, 400: ErrorSerializer, 403: ErrorSerializer}
    )
)
class MarkerValueViewSet(
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
):
    """Values of the measured markers, oldest first per marker (add: strategy editors)."""

    serializer_class = MarkerValueSerializer
    filterset_class = MarkerValueFilter

    def base_queryset(self) -> QuerySet[MarkerValue]:
        return MarkerValue.objects.select_related("mission").order_by(
            "mission__acronym", "marker", "read_on", "pk"
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["marker"].objective.mission, None

    def perform_create(self, serializer: serializers.Serializer) -> MarkerValue:
        data = serializer.validated_data
        return value_add(
            marker=data["marker"],
            value=data["value"],
            read_on=data["read_on"],
            note=data.get("note", ""),
            by=self.request.user,
        )
