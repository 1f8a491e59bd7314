"""/api/v1/handovers/: the handover plan for HQ systems and scripts, one handover per mandated
task, written through the services the transition pages use (so the same rules, the same
policy action and the same "someone saved first" check apply).

Read at the reader's need to know: a handover above the caller's level is not listed and its
id answers 404, as one of another mission does. A benchmark the caller may not read is shown
as ``depends_on: null`` with ``depends_on_withheld: true``, and a change leaves it as it is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.api_concurrency import revision_schema
from core.api_input import AlreadyExists
from mandates.models import MandatedTask
from missions.classification_api import MarkingSerializerMixin
from missions.models import Mission
from missions.policy import Action
from strategies.api.common import (
    EditableViewSet,
    MissionAcronymField,
    MissionFilterSet,
    ScopedPrimaryKeyRelatedField,
)
from strategies.models import ExitCondition
from transition.models import Handover, HandoverStatus
from transition.rules import handover_errors
from transition.services import FIELDS, handover_delete, handover_save

PHASE_MESSAGE = gettext_lazy("The phase is a number from 1 to 9.")


class HandoverSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """A task's handover: who takes it over (``receiver_kind``; ``receiver`` named unless the
    task ends with the mission), when (``phase`` 1 to 9 and/or ``target_date``), how far it
    has gone (``handed_over_on`` once, and only once, ``status`` is ``handed_over``) and the
    benchmark (exit condition of the end state in force) it waits on. A change sends the
    fields it changes (PATCH) or all of them (PUT); the task stays the one it was created for.
    """

    mission = MissionAcronymField(read_only=True)
    # Writable on updates too, so one component documents every request (a create-only
    # serializer would split the status enum across two components); a change of task is
    # refused in ``validate``.
    task = ScopedPrimaryKeyRelatedField(
        mission_path="mandate__mission",
        queryset=MandatedTask.objects.select_related("mandate__mission"),
        help_text="The mandated task (operative paragraph) handed over: one handover per "
        "task, fixed once created.",
    )
    task_reference = serializers.CharField(source="task.reference", read_only=True)
    phase = serializers.IntegerField(
        min_value=1,
        max_value=9,
        allow_null=True,
        required=False,
        error_messages={"min_value": PHASE_MESSAGE, "max_value": PHASE_MESSAGE},
    )
    depends_on = ScopedPrimaryKeyRelatedField(
        mission_path="end_state__mission",
        queryset=ExitCondition.objects.filter(end_state__superseded_on__isnull=True),
        allow_null=True,
        required=False,
    )
    depends_on_withheld = serializers.SerializerMethodField(
        help_text="True when the handover waits on a benchmark above your level: it is not "
        "shown (depends_on is null) and a change leaves it as it is."
    )

    class Meta:
        model = Handover
        fields = [
            "id",
            "mission",
            "task",
            "task_reference",
            *FIELDS,
            "depends_on_withheld",
            "classification",
            "named_readers",
            "revision",
            "updated_at",
        ]
        read_only_fields = ["revision", "updated_at"]

    def get_depends_on_withheld(self, obj: Handover) -> bool:
        return _withheld(obj)

    def to_representation(self, instance: Handover) -> dict[str, Any]:
        data = super().to_representation(instance)
        if _withheld(instance):
            data["depends_on"] = None
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Every field of the handover, those not sent as they are (or the defaults, for a
        new one), checked together by the rules the form applies."""
        handover = self.instance
        if handover is not None and attrs.pop("task", handover.task).pk != handover.task_id:
            raise serializers.ValidationError(
                {"task": [_("A handover stays with its task: delete it and add one there.")]}
            )
        task = attrs["task"] if handover is None else handover.task
        mission = task.mandate.mission
        if handover is None:
            if Handover._base_manager.filter(task=task).exists():
                raise AlreadyExists(
                    {"task": [_("This task already has a handover: change that one instead.")]}
                )
            attrs["mission"] = mission  # where the marking finds the mission's default level
            values = dict.fromkeys(FIELDS)
            values.update(receiver="", status=HandoverStatus.NOT_STARTED, notes="")
        else:
            values = {name: getattr(handover, name) for name in FIELDS if name != "depends_on"}
            values["depends_on"] = handover.depends_on_id
            if _withheld(handover):
                attrs.pop("depends_on", None)  # kept, never cleared by someone who cannot see it
        values.update({name: attrs[name] for name in FIELDS if name in attrs})
        benchmark = values["depends_on"]
        if isinstance(benchmark, ExitCondition) and benchmark.end_state.mission_id != mission.pk:
            raise serializers.ValidationError(
                {"depends_on": [_("Choose a benchmark of this mission.")]}
            )
        errors = handover_errors(values, today=mission.today())
        if errors:
            raise serializers.ValidationError({name: [text] for name, text in errors.items()})
        return {**attrs, **values}


def _withheld(handover: Handover) -> bool:
    """Does the handover wait on a benchmark the reader may not read? Read with the list
    (``depends_on_shown``), else asked of the database."""
    if handover.depends_on_id is None:
        return False
    shown = getattr(handover, "depends_on_shown", None)
    if shown is None:
        shown = ExitCondition.objects.filter(pk=handover.depends_on_id).exists()
    return not shown


class HandoverFilter(MissionFilterSet):
    class Meta:
        model = Handover
        fields = ["mission", "task", "receiver_kind", "status", "depends_on", "classification"]


@revision_schema(HandoverSerializer)
class HandoverViewSet(EditableViewSet):
    """Handovers of the caller's missions, by task (edit: the strategy team, as on the
    transition page)."""

    serializer_class = HandoverSerializer
    filterset_class = HandoverFilter
    write_action = Action.EDIT_STRATEGY

    def base_queryset(self) -> QuerySet[Handover]:
        # Through the default manager: a benchmark the reader may not read is not shown.
        readable = ExitCondition.objects.filter(pk=OuterRef("depends_on_id"))
        return (
            Handover.objects.select_related("mission", "task")
            .annotate(depends_on_shown=Exists(readable))
            .order_by("mission__acronym", "task__mandate_id", "task__position", "pk")
        )

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["task"].mandate.mission, None

    def perform_create(self, serializer: serializers.Serializer) -> Handover:
        values = dict(serializer.validated_data)
        task = values.pop("task")
        values.pop("mission", None)
        return handover_save(task=task, values=values, expected_revision=None, by=self.request.user)

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        handover_save(
            task=serializer.instance.task,
            values=serializer.validated_data,
            expected_revision=expected_revision,
            by=self.request.user,
        )

    def perform_destroy(self, instance: Handover, *, expected_revision: int) -> None:
        handover_delete(
            handover=instance, expected_revision=expected_revision, by=self.request.user
        )
