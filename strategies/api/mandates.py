"""/api/v1/mandates/: the caller's missions' mandates with their tasks, and a renewal's diff.

Read for every role with access; importing is for strategy editors and chiefs of staff.
Lives in strategies because each task carries the objectives it is aligned to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_concurrency import ErrorSerializer
from mandates.forms import ImportSourceForm
from mandates.matching import Pair
from mandates.models import (
    RESOLUTION_MAX_CHARS,
    ImportJobError,
    ImportJobStatus,
    Mandate,
    MandatedTask,
    MandateImportJob,
)
from mandates.parsing import Paragraph, ParsedResolution, parse_resolution
from mandates.procedural import ProceduralReason
from mandates.selectors import RenewalMatch, get_import_job_for_user, renewal_match
from mandates.services import (
    import_job_create,
    import_job_error_message,
    mandate_exists,
    mandate_import,
)
from mandates.uploads import too_large_message, upload_was_cut
from missions.models import Mission
from missions.policy import Action, allowed_actions, can, get_mission_for_user, seats
from strategies.api.common import MissionAcronymField, MissionFilterSet, MissionScopedViewSet
from strategies.models import TaskAlignment
from strategies.selectors.carry_over import TaskItem, alignments_to_carry, mandate_diff


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
            "is_procedural",
            "phase",
            "objectives",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "is_procedural": {
                "help_text": "The Council's own business (the mandate extended, troop "
                "ceilings, reports asked of the Secretary-General, remaining seized), not a "
                "task for the mission: aligned to no objective and never a finding."
            }
        }

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
    is_procedural = serializers.BooleanField()
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
    """What both forms of the request share; each names the one source it needs."""

    mission = serializers.CharField(max_length=20, help_text="Acronym of one of your missions.")
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Read and return what was read; save nothing. A PDF is always only read: "
        "confirm its job to import it.",
    )


class ParagraphChoiceSerializer(serializers.Serializer):
    """The caller's word on one paragraph of the preview."""

    reference = serializers.CharField(
        max_length=60, help_text="The paragraph, as the preview names it, such as 3 (a) (ii)."
    )
    is_procedural = serializers.BooleanField(
        help_text="True: the Council's own business, kept out of the alignment and the "
        "findings; false: a task for the mission."
    )


PARAGRAPH_CHOICES_HELP = (
    "Corrections to the preview: each paragraph named is imported procedural or not as said "
    "here; every other one as the preview shows it (the previous mandate's choice for a "
    "paragraph it matches, else the guess)."
)


def paragraph_choices() -> serializers.ListSerializer:
    return ParagraphChoiceSerializer(
        many=True, required=False, max_length=2000, help_text=PARAGRAPH_CHOICES_HELP
    )


class MandateImportTextRequestSerializer(MandateImportRequestSerializer):
    text = serializers.CharField(
        max_length=RESOLUTION_MAX_CHARS, help_text="The resolution's text, as published."
    )
    paragraphs = paragraph_choices()


class MandateImportConfirmRequestSerializer(serializers.Serializer):
    """What a confirmation may say: nothing (import what was read, as previewed), or which
    paragraphs are procedural where the preview is wrong."""

    paragraphs = paragraph_choices()


class MandateImportFileRequestSerializer(MandateImportRequestSerializer):
    file = serializers.FileField(
        max_length=300,
        help_text="The official PDF (read in the background: 202) or a .txt file.",
    )


@dataclass(frozen=True)
class ProceduralFlags:
    """Whether each paragraph read is imported as procedural, and why: the caller's choice,
    else the flag of the previous mandate's task it matches (the person's choice then, as the
    import screen carries it), else the guess (``mandates.procedural``)."""

    renewal: RenewalMatch
    chosen: dict[str, bool] = field(default_factory=dict)  # by reference

    def flag(self, paragraph: Paragraph) -> bool:
        if paragraph.reference in self.chosen:
            return self.chosen[paragraph.reference]
        carried = self.renewal.carried.get(paragraph.reference)
        return carried.is_procedural if carried is not None else paragraph.is_procedural

    def carried_from(self, paragraph: Paragraph) -> str | None:
        carried = self.renewal.carried.get(paragraph.reference)
        return carried.reference if carried is not None else None


def _reference_key(reference: str) -> str:
    return "".join(reference.split()).lower()


def procedural_flags(
    mission: Mission, parsed: ParsedResolution, choices: list[dict[str, Any]] | None = None
) -> ProceduralFlags:
    """The flags ``parsed`` would be imported with, after the caller's ``choices``: 400 under
    ``paragraphs`` for a paragraph the resolution does not have, or one named twice."""
    references = {_reference_key(p.reference): p.reference for p in parsed.flat()}
    chosen: dict[str, bool] = {}
    errors: list[str] = []
    for choice in choices or []:
        reference = references.get(_reference_key(choice["reference"]))
        if reference is None:
            errors.append(
                _("The resolution has no paragraph %(ref)s: name it as the preview does.")
                % {"ref": choice["reference"]}
            )
        elif reference in chosen:
            errors.append(_("Paragraph %(ref)s is named twice.") % {"ref": reference})
        else:
            chosen[reference] = choice["is_procedural"]
    if errors:
        raise serializers.ValidationError({"paragraphs": errors})
    return ProceduralFlags(renewal_match(mission=mission, parsed=parsed), chosen)


class ParagraphPreviewSerializer(serializers.Serializer):
    """One paragraph read; ``context["procedural"]`` (``ProceduralFlags``) gives its flag."""

    reference = serializers.CharField()
    depth = serializers.IntegerField()
    text = serializers.CharField()
    is_strategic_priority = serializers.BooleanField()
    is_procedural = serializers.SerializerMethodField(
        help_text="Imported as procedural (the Council's own business, not a task: kept out "
        "of the alignment and the findings) unless the confirmation says otherwise."
    )
    procedural_reason = serializers.ChoiceField(
        choices=ProceduralReason.choices,
        allow_blank=True,
        help_text="Why the paragraph reads as procedural (the guess); blank when it reads as a "
        "task.",
    )
    procedural_carried_from = serializers.SerializerMethodField(
        help_text="The paragraph of the previous mandate this one matches, whose procedural "
        "flag it takes over the guess; null when it matches none."
    )
    warnings = serializers.ListField(child=serializers.CharField())

    def get_is_procedural(self, paragraph: Paragraph) -> bool:
        return self.context["procedural"].flag(paragraph)

    def get_procedural_carried_from(self, paragraph: Paragraph) -> str | None:
        return self.context["procedural"].carried_from(paragraph)


class MandatePreviewSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    adopted_on = serializers.DateField()
    mandate_end = serializers.DateField(allow_null=True)
    chapter_vii = serializers.BooleanField()
    renews = serializers.SerializerMethodField(
        help_text="The mission's mandate this resolution renews (the latest adopted before "
        "it), whose tasks' procedural flags the matching paragraphs take; null when none."
    )
    warnings = serializers.ListField(child=serializers.CharField())
    paragraphs = ParagraphPreviewSerializer(many=True, source="flat")

    def get_renews(self, parsed: ParsedResolution) -> str | None:
        previous = self.context["procedural"].renewal.previous
        return previous.symbol if previous is not None else None


def _preview_data(procedural: ProceduralFlags, parsed: ParsedResolution) -> dict[str, Any]:
    return MandatePreviewSerializer(parsed, context={"procedural": procedural}).data


class ImportJobErrorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ImportJobError.choices)
    message = serializers.CharField(help_text="Why, and what to do instead.")


class ImportJobSerializer(serializers.Serializer):
    """A PDF being read by the worker; GET its ``url`` until it is done or failed."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="This job.")
    mission = serializers.CharField()
    status = serializers.ChoiceField(choices=ImportJobStatus.choices)
    source_name = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    preview = MandatePreviewSerializer(allow_null=True, help_text="What was read, once done.")
    error = ImportJobErrorSerializer(allow_null=True, help_text="Why reading failed.")
    confirm_url = serializers.CharField(
        allow_null=True, help_text="Once done: POST here to import what was read."
    )


def _job_data(job: MandateImportJob) -> dict[str, Any]:
    preview, context = None, {}
    if job.is_done:
        preview = parse_resolution(job.text)
        context["procedural"] = procedural_flags(job.mission, preview)
    url = reverse("mandate-import-job", args=[job.pk])
    return ImportJobSerializer(
        {
            "id": job.pk,
            "url": url,
            "mission": job.mission.acronym,
            "status": job.status,
            "source_name": job.source_name,
            "pages": job.pages,
            "created_at": job.created_at,
            "finished_at": job.finished_at,
            "preview": preview,
            "error": (
                {"code": job.error_code, "message": import_job_error_message(job)}
                if job.is_failed
                else None
            ),
            "confirm_url": reverse("mandate-import-job-confirm", args=[job.pk])
            if job.is_done
            else None,
        },
        context=context,
    ).data


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


class PayloadTooLarge(APIException):
    status_code = 413
    default_code = "too_large"


class JobNotDone(APIException):
    status_code = 409
    default_code = "not_done"


def _import(
    mission: Mission,
    parsed: ParsedResolution,
    by: Any,
    source: str,
    choices: list[dict[str, Any]] | None = None,
) -> Response:
    """Import unless the mission has the resolution already: 201 new, 200 as it was.

    Without ``choices`` the service itself carries a renewal's procedural flags over the
    guesses; with them, each paragraph gets the flag the preview would show after them.
    """
    confirmed = bool(choices)
    if confirmed:
        procedural = procedural_flags(mission, parsed, choices)
        for paragraph in parsed.flat():
            paragraph.is_procedural = procedural.flag(paragraph)
    existing = mandate_exists(mission=mission, symbol=parsed.symbol)
    if existing is None:
        try:
            created = mandate_import(
                mission=mission,
                parsed=parsed,
                by=by,
                source=source,
                procedural_confirmed=confirmed,
            )
        except DjangoValidationError as exc:  # too long to keep, or imported a moment ago
            raise serializers.ValidationError({"text": exc.messages}) from exc
    mandate = MandateViewSet().base_queryset().get(pk=(existing or created).pk)
    return Response(MandateSerializer(mandate).data, status=200 if existing else 201)


class MandateImportApi(APIView):
    """Import a resolution as a mission's mandate (strategy editors and chiefs of staff).

    The same reading and checks as the import screen. Text (JSON ``text`` or a .txt file) is
    read at once: ``dry_run`` returns what was read, with each paragraph's procedural flag
    (guessed, or carried from the previous mandate); send ``paragraphs`` with the text to
    correct flags, without ``dry_run`` to import. A PDF is read by the background worker:
    the answer is 202 with the job (``Location`` names it); GET the job until it is done
    (its ``preview`` has the flags), then POST its ``confirm_url``.
    Importing a resolution that the mission already has changes nothing and answers 200 with
    the mandate as it is. A file over the upload limit is refused with 413 before it is read.
    """

    permission_classes = [permissions.IsAuthenticated, MayImportMandates]

    @extend_schema(
        request={
            "multipart/form-data": MandateImportFileRequestSerializer,
            "application/json": MandateImportTextRequestSerializer,
        },
        responses={
            200: OpenApiResponse(
                MandateSerializer,
                "Already imported (nothing changed), or "
                "with dry_run: what was read (MandatePreview).",
            ),
            201: MandateSerializer,
            202: OpenApiResponse(
                ImportJobSerializer,
                "A PDF, queued to be read in the background; Location is the job.",
            ),
            400: OpenApiResponse(ErrorSerializer, "Not a resolution, unreadable, empty."),
            403: OpenApiResponse(ErrorSerializer, "Your role may not import mandates."),
            404: OpenApiResponse(ErrorSerializer, "No such mission among yours."),
            413: OpenApiResponse(ErrorSerializer, "The file is over the upload limit."),
        },
    )
    def post(self, request: Request) -> Response:
        multipart = (request.content_type or "").startswith("multipart/")
        request_data = (
            MandateImportFileRequestSerializer if multipart else MandateImportTextRequestSerializer
        )(data=request.data)
        if upload_was_cut(request._request):
            raise PayloadTooLarge(too_large_message())
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
        if "pdf" in form.cleaned_data:
            job = import_job_create(mission=mission, by=request.user, upload=upload)
            data = _job_data(job)
            return Response(data, status=202, headers={"Location": data["url"]})
        parsed = form.cleaned_data["parsed"]
        choices = request_data.validated_data.get("paragraphs")
        if request_data.validated_data["dry_run"]:
            return Response(_preview_data(procedural_flags(mission, parsed, choices), parsed))
        return _import(mission, parsed, request.user, form.cleaned_data["source_name"], choices)


class MandateImportJobApi(APIView):
    """A PDF import: queued, running, done (with what was read) or failed (with why).

    Seen by the person who uploaded it and by those who may import into its mission.
    """

    @extend_schema(
        responses={
            200: ImportJobSerializer,
            404: OpenApiResponse(ErrorSerializer, "No such import among yours."),
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_job_data(get_import_job_for_user(request.user, pk)))


class MandateImportJobConfirmApi(APIView):
    """Import what a finished PDF job read, as the mission's mandate.

    With no body, each paragraph is procedural or not as the job's preview shows it; name
    paragraphs under ``paragraphs`` to say otherwise, as the import screen's checkboxes do.
    """

    permission_classes = [permissions.IsAuthenticated, MayImportMandates]

    @extend_schema(
        request=MandateImportConfirmRequestSerializer,
        responses={
            200: OpenApiResponse(MandateSerializer, "Already imported: nothing changed."),
            201: MandateSerializer,
            400: OpenApiResponse(ErrorSerializer, "What was read cannot be kept as it is."),
            403: OpenApiResponse(ErrorSerializer, "Your role may not import mandates."),
            404: OpenApiResponse(ErrorSerializer, "No such import among yours."),
            409: OpenApiResponse(
                ErrorSerializer, "The job is not done (still reading, or failed)."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        job = get_import_job_for_user(request.user, pk)
        if not can(request.user, Action.IMPORT_MANDATE, job.mission):
            raise PermissionDenied
        confirmation = MandateImportConfirmRequestSerializer(data=request.data)
        confirmation.is_valid(raise_exception=True)
        if not job.is_done:
            raise JobNotDone(
                _("This import is %(status)s; only a job that is done can be confirmed.")
                % {"status": job.get_status_display().lower()}
            )
        return _import(
            job.mission,
            parse_resolution(job.text),
            request.user,
            job.source_name,
            confirmation.validated_data.get("paragraphs"),
        )
