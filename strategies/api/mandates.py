"""/api/v1/mandates/: the caller's missions' mandates with their tasks, and a renewal's diff.

Read for every role with access; importing is for strategy editors and chiefs of staff.
Lives in strategies because each task carries the objectives it is aligned to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mandates.forms import ImportSourceForm
from mandates.models import Mandate, MandatedTask
from mandates.renewal import Pair
from mandates.services import mandate_exists, mandate_import
from missions.api_concurrency import ErrorSerializer
from missions.models import Mission
from missions.policy import Action, allowed_actions, get_mission_for_user, seats
from strategies.api.common import MissionAcronymField, MissionFilterSet, MissionScopedViewSet
from strategies.models import TaskAlignment
from strategies.renewal import TaskItem, alignments_to_carry, mandate_diff


class TaskSerializer(serializers.ModelSerializer):
    parent_reference = serializers.CharField(
        source="parent.reference", read_only=True, allow_null=True
    )
    objectives = serializers.SerializerMethodField(help_text="Codes of the aligned objectives.")

    class Meta:
        model = MandatedTask
        fields = [
            "id",
            "reference",
            "parent_reference",
            "position",
            "text",
            "is_strategic_priority",
            "phase",
            "objectives",
        ]
        read_only_fields = fields

    def get_objectives(self, obj: MandatedTask) -> list[str]:
        return [alignment.objective.code for alignment in obj.alignments.all()]


class MandateSerializer(serializers.ModelSerializer):
    mission = MissionAcronymField(read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "mission",
            "symbol",
            "adopted_on",
            "expires_on",
            "chapter_vii",
            "source",
            "revision",
            "tasks",
        ]
        read_only_fields = fields


class MandateFilter(MissionFilterSet):
    class Meta:
        model = Mandate
        fields = ["mission"]


class MandateViewSet(MissionScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Security Council mandates of the caller's missions, newest first, each with its
    operative (sub-)paragraphs in document order and the objectives each one serves."""

    serializer_class = MandateSerializer
    filterset_class = MandateFilter

    def base_queryset(self) -> QuerySet[Mandate]:
        alignments = TaskAlignment.objects.select_related("objective").order_by(
            "objective__code", "objective_id"
        )
        tasks = (
            MandatedTask.objects.select_related("parent")
            .prefetch_related(Prefetch("alignments", queryset=alignments))
            .order_by("position", "pk")
        )
        return (
            Mandate.objects.select_related("mission")
            .prefetch_related(Prefetch("tasks", queryset=tasks))
            .order_by("mission__acronym", "-adopted_on", "-pk")
        )


# -- diff


class MandateDiffQuerySerializer(serializers.Serializer):
    mission = serializers.CharField(help_text="The mission's acronym, such as UNSMK.")
    old = serializers.IntegerField(min_value=1, help_text="Id of the previous mandate.")
    new = serializers.IntegerField(min_value=1, help_text="Id of the renewal.")


class DiffMandateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    symbol = serializers.CharField()
    adopted_on = serializers.DateField()


class DiffTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    parent_reference = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    is_strategic_priority = serializers.BooleanField()
    objectives = serializers.ListField(child=serializers.CharField(), source="objective_codes")


class WordChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    words = serializers.CharField()

    def to_representation(self, instance: tuple[str, str]) -> dict[str, str]:
        op, words = instance
        return {"op": op, "words": words}


class DiffPairSerializer(serializers.Serializer):
    old = DiffTaskSerializer()
    new = DiffTaskSerializer()
    similarity = serializers.FloatField(source="ratio")
    material = serializers.BooleanField()
    changes = WordChangeSerializer(many=True, help_text="Word runs in reading order.")

    def to_representation(self, instance: Pair[TaskItem]) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["similarity"] = round(instance.ratio, 3)
        return data


class DiffCountsSerializer(serializers.Serializer):
    unchanged = serializers.IntegerField()
    reworded = serializers.IntegerField()
    material = serializers.IntegerField()
    new = serializers.IntegerField()
    dropped = serializers.IntegerField()


class MandateDiffSerializer(serializers.Serializer):
    mission = serializers.CharField()
    old = DiffMandateSerializer()
    new = DiffMandateSerializer()
    counts = DiffCountsSerializer()
    unchanged = DiffPairSerializer(many=True)
    reworded = DiffPairSerializer(many=True)
    new_tasks = DiffTaskSerializer(many=True)
    dropped_tasks = DiffTaskSerializer(many=True)
    to_review = serializers.ListField(
        child=serializers.CharField(),
        help_text="References in the renewal of new and materially reworded tasks.",
    )
    alignments_to_carry = serializers.IntegerField(
        help_text="Alignments of matched old tasks not yet on their counterparts."
    )


class MandateDiffApi(APIView):
    """What a renewal changed against a previous mandate of the same mission.

    Paragraphs are matched by wording, not number (renewals renumber): each task of either
    mandate is unchanged, reworded (with word changes; ``material`` when substantially so),
    new or dropped.
    """

    @extend_schema(
        parameters=[MandateDiffQuerySerializer],
        responses={
            200: MandateDiffSerializer,
            400: OpenApiResponse(ErrorSerializer, "Invalid query: messages by parameter."),
            404: OpenApiResponse(ErrorSerializer, "No such mission among yours, or mandate."),
        },
    )
    def get(self, request: Request) -> Response:
        query = MandateDiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        mission = get_mission_for_user(request.user, query.validated_data["mission"])
        old = self._mandate(mission, query.validated_data["old"])
        new = self._mandate(mission, query.validated_data["new"])
        diff = mandate_diff(old, new)
        data = {
            "mission": mission.acronym,
            "old": old,
            "new": new,
            "counts": {
                "unchanged": len(diff.unchanged),
                "reworded": len(diff.reworded),
                "material": len(diff.material),
                "new": len(diff.new),
                "dropped": len(diff.dropped),
            },
            "unchanged": diff.unchanged,
            "reworded": diff.reworded,
            "new_tasks": diff.new,
            "dropped_tasks": diff.dropped,
            "to_review": [task.reference for task in diff.to_review],
            "alignments_to_carry": len(alignments_to_carry(diff)),
        }
        return Response(MandateDiffSerializer(data).data)

    def _mandate(self, mission: Mission, pk: int) -> Mandate:
        mandate = Mandate.objects.filter(mission=mission, pk=pk).first()
        if mandate is None:
            raise NotFound(
                _("%(mission)s has no mandate %(id)s.") % {"mission": mission.acronym, "id": pk}
            )
        return mandate


# -- import


class MandateImportRequestSerializer(serializers.Serializer):
    mission = serializers.CharField(help_text="Acronym of one of your missions.")
    file = serializers.FileField(required=False, help_text="The official PDF or a .txt file.")
    text = serializers.CharField(required=False, help_text="Or the pasted text.")
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Read and return what was read; save nothing."
    )


class ParagraphPreviewSerializer(serializers.Serializer):
    reference = serializers.CharField()
    depth = serializers.IntegerField()
    text = serializers.CharField()
    is_strategic_priority = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.CharField())


class MandatePreviewSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    adopted_on = serializers.DateField()
    mandate_end = serializers.DateField(allow_null=True)
    chapter_vii = serializers.BooleanField()
    warnings = serializers.ListField(child=serializers.CharField())
    paragraphs = ParagraphPreviewSerializer(many=True, source="flat")


class MayImportMandates(permissions.BasePermission):
    """Someone who may import into none of their missions is refused before the body is read;
    the mission the body names is asked again once it is."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return any(
            Action.IMPORT_MANDATE in allowed_actions(request.user, mission_id)
            for mission_id in seats(request.user)
        )


class MandateImportApi(APIView):
    """Import a resolution as a mission's mandate (strategy editors and chiefs of staff).

    The same reading and checks as the import screen. Importing a resolution that the mission
    already has changes nothing and answers 200 with the mandate as it is.
    """

    permission_classes = [permissions.IsAuthenticated, MayImportMandates]

    @extend_schema(
        request={
            "multipart/form-data": MandateImportRequestSerializer,
            "application/json": MandateImportRequestSerializer,
        },
        responses={
            200: OpenApiResponse(
                MandateSerializer,
                "Already imported (nothing changed), or "
                "with dry_run: what was read (MandatePreview).",
            ),
            201: MandateSerializer,
            400: OpenApiResponse(ErrorSerializer, "Not a resolution, unreadable, empty, too big."),
            403: OpenApiResponse(ErrorSerializer, "Your role may not import mandates."),
            404: OpenApiResponse(ErrorSerializer, "No such mission among yours."),
        },
    )
    def post(self, request: Request) -> Response:
        request_data = MandateImportRequestSerializer(data=request.data)
        request_data.is_valid(raise_exception=True)
        mission = get_mission_for_user(
            request.user, request_data.validated_data["mission"], Action.IMPORT_MANDATE
        )
        upload = request.FILES.get("file")
        form = ImportSourceForm(
            data={"text": request_data.validated_data.get("text", "")},
            files={"file": upload} if upload else None,
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    field: [error["message"] for error in errors]
                    for field, errors in form.errors.get_json_data().items()
                }
            )
        parsed = form.cleaned_data["parsed"]
        if request_data.validated_data["dry_run"]:
            return Response(MandatePreviewSerializer(parsed).data)
        existing = mandate_exists(mission=mission, symbol=parsed.symbol)
        if existing is None:
            created = mandate_import(
                mission=mission,
                parsed=parsed,
                by=request.user,
                source=form.cleaned_data["source_name"],
            )
        mandate = MandateViewSet().base_queryset().get(pk=(existing or created).pk)
        status = 200 if existing else 201
        return Response(MandateSerializer(mandate).data, status=status)
