"""/api/v1/alignments/: which objectives each mandated task serves (mandate alignment).

An alignment is a bare pair with nothing to edit, so it is created or deleted, never changed,
and needs no If-Match: deleting a pair that someone deleted first is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from core.api_concurrency import ErrorSerializer
from core.api_input import AlreadyExists
from mandates.models import Mandate, MandatedTask
from missions.models import Mission
from strategies.api.common import (
    MissionAcronymField,
    MissionFilterSet,
    MissionScopedViewSet,
    ScopedCreateModelMixin,
    ScopedPrimaryKeyRelatedField,
)
from strategies.models import Objective, TaskAlignment


class AlignmentSerializer(serializers.ModelSerializer):
    mission = MissionAcronymField(source="objective.mission", read_only=True)
    task = ScopedPrimaryKeyRelatedField(
        queryset=MandatedTask.objects.all(), mission_path="mandate__mission"
    )
    task_reference = serializers.CharField(source="task.reference", read_only=True)
    mandate = serializers.CharField(source="task.mandate.symbol", read_only=True)
    objective = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission"
    )
    objective_code = serializers.CharField(source="objective.code", read_only=True)

    class Meta:
        model = TaskAlignment
        fields = [
            "id",
            "mission",
            "mandate",
            "task",
            "task_reference",
            "objective",
            "objective_code",
        ]
        # Checked below, with a message that names the task and the objective.
        validators: list[Any] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        task, objective = attrs["task"], attrs["objective"]
        if task.mandate.mission_id != objective.mission_id:
            raise serializers.ValidationError(
                {"objective": [_("The task and the objective must belong to the same mission.")]}
            )
        if task.is_procedural:
            # The alignment screen's rule (strategies.services.alignment.task_align).
            raise serializers.ValidationError(
                {
                    "task": [
                        _(
                            "OP %(reference)s is procedural: it serves no objective. "
                            "Set is_procedural false on the task first."
                        )
                        % {"reference": task.reference}
                    ]
                }
            )
        if TaskAlignment.objects.filter(task=task, objective=objective).exists():
            raise AlreadyExists(
                {
                    "objective": [
                        _("OP %(reference)s is already aligned to %(code)s.")
                        % {"reference": task.reference, "code": objective.code}
                    ]
                }
            )
        return attrs


class AlignmentFilter(MissionFilterSet):
    mission = filters.CharFilter(
        field_name="objective__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )
    mandate = filters.ModelChoiceFilter(field_name="task__mandate", queryset=Mandate.objects.all())
    objective_code = filters.CharFilter(field_name="objective__code", lookup_expr="iexact")

    class Meta:
        model = TaskAlignment
        fields = ["mission", "mandate", "task", "objective", "objective_code"]


@extend_schema_view(
    create=extend_schema(
        responses={201: AlignmentSerializer, 400: ErrorSerializer, 403: ErrorSerializer}
    ),
    destroy=extend_schema(responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer}),
)
class AlignmentViewSet(
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.DestroyModelMixin,
):
    """Mandated tasks aligned to objectives in the caller's missions (edit: strategy editors)."""

    serializer_class = AlignmentSerializer
    filterset_class = AlignmentFilter
    mission_path = "objective__mission"

    def base_queryset(self) -> QuerySet[TaskAlignment]:
        return TaskAlignment.objects.select_related("objective__mission", "task__mandate").order_by(
            "objective__mission__acronym",
            "-task__mandate__adopted_on",
            "task__position",
            "objective__code",
            "pk",
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["objective"].mission, None
