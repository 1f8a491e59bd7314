"""/api/v1/tasks/: mandated tasks one by one, and what the alignment screen sets on each.

A task's wording comes from the resolution and is never edited here. What the alignment
screen's task form sets is writable, through the same service (``task_align``) and with the
same rules: the objectives it serves, whether it is a strategic priority, its phase, and
whether it is procedural; a procedural paragraph serves no objective.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from core.api_concurrency import (
    ETAG_PARAMETER,
    IF_MATCH_PARAMETER,
    RevisionConcurrencyMixin,
    conflict_serializer,
)
from core.api_schema import ErrorSerializer
from mandates.models import Mandate, MandatedTask
from strategies.api.common import MissionAcronymField, MissionFilterSet, MissionScopedViewSet
from strategies.api.mandates import TaskSerializer
from strategies.forms import PHASE_MESSAGE
from strategies.models import Objective, TaskAlignment
from strategies.services.alignment import task_align

PROCEDURAL_WITH_OBJECTIVES = gettext_lazy(
    "A procedural paragraph serves no objective: send no objectives, or is_procedural false."
)


class ObjectiveCodesField(serializers.ListField):
    """The codes of the objectives a task serves: read from its alignments, written as the
    codes of the mission's objectives to align it to (the set replaces the one it had)."""

    child = serializers.CharField(max_length=12)

    def get_attribute(self, instance: MandatedTask) -> list[str]:
        return [alignment.objective.code for alignment in instance.alignments.all()]


class MandatedTaskSerializer(TaskSerializer):
    """A task with its mission and mandate; the alignment screen's fields are writable."""

    mission = MissionAcronymField(source="mandate.mission", read_only=True)
    mandate_symbol = serializers.CharField(source="mandate.symbol", read_only=True)
    phase = serializers.IntegerField(
        min_value=1,
        max_value=9,
        allow_null=True,
        required=False,
        help_text="Sequencing: the phase in which the mission takes the task up (1 to 9).",
        error_messages={"min_value": PHASE_MESSAGE, "max_value": PHASE_MESSAGE},
    )
    review_reason = serializers.ChoiceField(
        choices=MandatedTask._meta.get_field("review_reason").choices,
        allow_blank=True,
        read_only=True,
        help_text="Why a renewal's task is one to look at (new, or reworded materially); "
        "blank once an editor has saved it.",
    )
    objectives = ObjectiveCodesField(
        required=False,
        max_length=200,
        help_text="Codes of the aligned objectives. Written, the whole set: the mission's "
        "active objectives (and any the task serves already); [] for none.",
    )

    class Meta(TaskSerializer.Meta):
        fields = [
            "id",
            "mission",
            "mandate",
            "mandate_symbol",
            "reference",
            "parent_reference",
            "position",
            "text",
            "is_strategic_priority",
            "is_procedural",
            "phase",
            "objectives",
            "review_reason",
            "revision",
        ]
        read_only_fields = ["id", "mandate", "reference", "position", "text", "revision"]

    def validate_objectives(self, codes: list[str]) -> list[Objective]:
        """The objectives named, among those the alignment screen offers for the task."""
        task: MandatedTask = self.instance
        wanted = {code.strip().lower(): code for code in codes}
        found = {
            objective.code.lower(): objective
            for objective in Objective.objects.filter(mission_id=task.mandate.mission_id)
            if objective.code.lower() in wanted
        }
        current = {alignment.objective_id for alignment in task.alignments.all()}
        errors = []
        for key, code in wanted.items():
            objective = found.get(key)
            if objective is None:
                errors.append(
                    _("%(mission)s has no objective %(code)s.")
                    % {"mission": task.mandate.mission.acronym, "code": code}
                )
            elif objective.status != Objective.Status.ACTIVE and objective.pk not in current:
                errors.append(
                    _("%(code)s is %(status)s: only active objectives take new tasks.")
                    % {"code": objective.code, "status": objective.get_status_display().lower()}
                )
        if errors:
            raise serializers.ValidationError(errors)
        return [found[key] for key in wanted]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A procedural task keeps no objective (the alignment form's rule): refused under
        ``objectives`` when they were sent, else under ``is_procedural``."""
        task: MandatedTask = self.instance
        if not attrs.get("is_procedural", task.is_procedural):
            return attrs
        if "objectives" in attrs:
            if attrs["objectives"]:
                raise serializers.ValidationError({"objectives": [str(PROCEDURAL_WITH_OBJECTIVES)]})
        elif attrs.get("is_procedural") and task.alignments.all():
            codes = ", ".join(a.objective.code for a in task.alignments.all())
            raise serializers.ValidationError(
                {
                    "is_procedural": [
                        _(
                            "OP %(ref)s serves %(codes)s, and a procedural paragraph serves "
                            "no objective: send objectives: [] with it."
                        )
                        % {"ref": task.reference, "codes": codes}
                    ]
                }
            )
        return attrs


# "true" or "false", anything else a 400 naming the parameter (a BooleanFilter ignores it).
TRUE_FALSE = [("true", "true"), ("false", "false")]


class TaskFilter(MissionFilterSet):
    mission = filters.CharFilter(
        field_name="mandate__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )
    mandate = filters.ModelChoiceFilter(queryset=Mandate.objects.all())
    is_procedural = filters.ChoiceFilter(
        choices=TRUE_FALSE, method="filter_flag", label="Procedural paragraphs (true) or not"
    )
    is_strategic_priority = filters.ChoiceFilter(
        choices=TRUE_FALSE, method="filter_flag", label="Strategic priorities (true) or not"
    )

    class Meta:
        model = MandatedTask
        fields = ["mission", "mandate", "is_procedural", "is_strategic_priority", "phase"]

    def filter_flag(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{name: value == "true"})


_CONFLICT = conflict_serializer(MandatedTaskSerializer)


@extend_schema_view(
    retrieve=extend_schema(parameters=[ETAG_PARAMETER]),
    partial_update=extend_schema(
        parameters=[IF_MATCH_PARAMETER, ETAG_PARAMETER],
        responses={
            200: MandatedTaskSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                "Invalid input: messages by field under errors (such as objectives on a "
                "procedural paragraph).",
            ),
            403: OpenApiResponse(ErrorSerializer, "Your role may not align tasks."),
            404: OpenApiResponse(ErrorSerializer, "No such task among your missions."),
            412: OpenApiResponse(
                _CONFLICT,
                "Changed by someone else since you read it: the current task is under "
                "current, its ETag in the ETag header.",
            ),
            428: OpenApiResponse(ErrorSerializer, "If-Match is missing."),
        },
    ),
)
class TaskViewSet(
    RevisionConcurrencyMixin,
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
):
    """Mandated tasks of the caller's missions, newest mandate first, in document order.

    PATCH (strategy editors, with If-Match) sets what the alignment screen sets: the
    objectives the task serves, strategic priority, phase, and whether the paragraph is
    procedural (the Council's own business: it then serves no objective, and is never a
    finding). Fields left out keep their value.
    """

    serializer_class = MandatedTaskSerializer
    filterset_class = TaskFilter
    mission_path = "mandate__mission"
    # The wording is the Council's: a task is changed a field at a time, never replaced.
    http_method_names = ["get", "patch", "head", "options"]

    def base_queryset(self) -> QuerySet[MandatedTask]:
        alignments = TaskAlignment.objects.select_related("objective").order_by(
            "objective__code", "objective_id"
        )
        return (
            MandatedTask.objects.select_related("mandate__mission", "parent")
            .prefetch_related(Prefetch("alignments", queryset=alignments))
            .order_by("mandate__mission__acronym", "-mandate__adopted_on", "position", "pk")
        )

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        task: MandatedTask = serializer.instance
        data = serializer.validated_data
        objectives = data.get("objectives")
        if objectives is None:
            objectives = [alignment.objective for alignment in task.alignments.all()]
        task_align(
            task=task,
            objectives=objectives,
            is_strategic_priority=data.get("is_strategic_priority", task.is_strategic_priority),
            phase=data.get("phase", task.phase),
            expected_revision=expected_revision,
            by=self.request.user,
            is_procedural=data.get("is_procedural"),
        )
