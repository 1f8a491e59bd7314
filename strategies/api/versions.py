"""/api/v1/versions/: approved strategy versions, read-only (a version is immutable), and
/api/v1/versions/compare/: what changed between two of them, or since one, in words."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_concurrency import ErrorSerializer
from core.hostile_input import plain_digits
from missions.models import Mission
from missions.policy import get_mission_for_user
from strategies.api.common import MissionAcronymField, MissionFilterSet, MissionScopedViewSet
from strategies.models import StrategyVersion
from strategies.selectors.version_compare import version_compare
from strategies.selectors.versions import DRAFT, strategy_snapshot


class VersionSerializer(serializers.ModelSerializer):
    mission = MissionAcronymField(read_only=True)
    approved_by = serializers.CharField(source="approved_by.get_username", read_only=True)
    approved_by_name = serializers.SerializerMethodField()

    class Meta:
        model = StrategyVersion
        fields = [
            "id",
            "mission",
            "number",
            "end_state",
            "approved_by",
            "approved_by_name",
            "approved_at",
            "note",
        ]
        read_only_fields = fields

    def get_approved_by_name(self, obj: StrategyVersion) -> str:
        return obj.approved_by.get_full_name() or obj.approved_by.get_username()


class VersionDetailSerializer(VersionSerializer):
    snapshot = serializers.JSONField(
        read_only=True,
        help_text="The whole strategy as approved: end state, exit conditions, objectives "
        "(with assumptions, risks, markers), contributions, alignments, positions, drivers. "
        "Records are named by natural keys (codes, names, references); choices are raw values.",
    )

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields


class VersionFilter(MissionFilterSet):
    class Meta:
        model = StrategyVersion
        fields = ["mission", "number"]


class VersionViewSet(MissionScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Approved versions of the caller's missions, newest first; the detail has the snapshot.

    Versions are made by the head of mission approving the draft, never through this API.
    """

    serializer_class = VersionSerializer
    filterset_class = VersionFilter

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return VersionDetailSerializer if self.action == "retrieve" else VersionSerializer

    def base_queryset(self) -> QuerySet[StrategyVersion]:
        versions = StrategyVersion.objects.select_related("mission", "approved_by").order_by(
            "mission__acronym", "-number"
        )
        # Snapshots can be large: the list does not read them out of the database.
        return versions.defer("snapshot") if self.action == "list" else versions


# -- compare --------------------------------------------------------------------------------


# Version numbers are PostgreSQL integers: a longer number is refused here, not by the database.
@extend_schema_field(
    {"type": "string", "pattern": r"^\s*(0*[1-9][0-9]{0,8}|[Dd][Rr][Aa][Ff][Tt])\s*$"}
)
class VersionRefField(serializers.Field):
    """A version number, or ``draft`` for the live working strategy."""

    default_error_messages = {
        "invalid": gettext_lazy("Give a version number (1, 2, ...) or “draft”."),
    }

    def to_internal_value(self, data: Any) -> int | str:
        text = str(data).strip().lower()
        if text == DRAFT:
            return DRAFT
        if not plain_digits(text) or not 1 <= int(text) < 2**31:
            self.fail("invalid")
        return int(text)

    def to_representation(self, value: int | str) -> str:
        return str(value)


# "from" is a Python keyword, so these two serializers are built with their fields in a dict.
VersionCompareQuerySerializer = type(
    "VersionCompareQuerySerializer",
    (serializers.Serializer,),
    {
        "mission": serializers.CharField(help_text="The mission's acronym, such as UNSMK."),
        "from": VersionRefField(help_text="The older side: a version number or “draft”."),
        "to": VersionRefField(
            default=DRAFT, help_text="The newer side: a version number or “draft” (the default)."
        ),
    },
)


class CompareDetailSerializer(serializers.Serializer):
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class CompareChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    subject = serializers.CharField()
    details = CompareDetailSerializer(many=True)


class CompareSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()
    changes = CompareChangeSerializer(many=True)


class CompareSideSerializer(serializers.Serializer):
    number = serializers.IntegerField(allow_null=True, help_text="Null for the working draft.")
    label = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.CharField(allow_null=True)


ComparisonSerializer = type(
    "ComparisonSerializer",
    (serializers.Serializer,),
    {
        "mission": serializers.CharField(),
        "from": CompareSideSerializer(),
        "to": CompareSideSerializer(),
        "sections": CompareSectionSerializer(many=True),
    },
)


class VersionCompareApi(APIView):
    """Compare two versions of a mission's strategy, or a version with the working draft.

    Sections (end state, objectives, contributions, alignments, positions, drivers, exit
    conditions) list what was added, removed and changed, field by field, in words.
    """

    @extend_schema(
        parameters=[VersionCompareQuerySerializer],
        responses={
            200: ComparisonSerializer,
            400: OpenApiResponse(ErrorSerializer, "Invalid query: messages by parameter."),
            404: OpenApiResponse(ErrorSerializer, "No such mission among yours, or version."),
        },
    )
    def get(self, request: Request) -> Response:
        query = VersionCompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        mission = get_mission_for_user(request.user, query.validated_data["mission"])
        old = self._side(mission, query.validated_data["from"])
        new = self._side(mission, query.validated_data["to"])
        sections = version_compare(old.pop("snapshot"), new.pop("snapshot"))
        return Response(
            ComparisonSerializer(
                {"mission": mission.acronym, "from": old, "to": new, "sections": sections}
            ).data
        )

    def _side(self, mission: Mission, ref: int | str) -> dict[str, Any]:
        if ref == DRAFT:
            return {
                "number": None,
                "label": _("Working draft"),
                "approved_at": None,
                "approved_by": None,
                "snapshot": strategy_snapshot(mission=mission),
            }
        version = (
            StrategyVersion.objects.filter(mission=mission, number=ref)
            .select_related("approved_by")
            .first()
        )
        if version is None:
            raise NotFound(
                _("%(mission)s has no version %(number)s.")
                % {"mission": mission.acronym, "number": ref}
            )
        return {
            "number": version.number,
            "label": _("Version %(number)s") % {"number": version.number},
            "approved_at": version.approved_at,
            "approved_by": version.approved_by.get_full_name()
            or version.approved_by.get_username(),
            "snapshot": version.snapshot,
        }
