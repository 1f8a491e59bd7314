"""/api/v1/objective-assessments/, assumption-assessments/, risk-assessments/,
marker-readings/, exit-condition-assessments/ and contribution-assessments/: what a review
assessed.

One row per record and review. Creating enters the record's assessment in the review; changing
it needs If-Match. The services write, as on the screens: objectives, assumptions, risks,
markers and exit conditions by the chief of staff, a contribution by its own component's lead
only, and only while the review is open (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from missions.classification import MARKING_FIELDS
from missions.classification_api import MarkingSerializerMixin
from missions.models import Mission
from missions.policy import Action
from reviews.api.common import AssessmentViewSet, review_record_schema
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    RiskAssessment,
)
from reviews.services.assessments import (
    assumption_rate,
    contribution_assess,
    exit_condition_assess,
    marker_read,
    objective_assess,
    risk_rate,
)
from strategies.api.common import (
    MissionAcronymField,
    ScopedFilterSet,
    ScopedPrimaryKeyRelatedField,
)
from strategies.models import (
    Assumption,
    Contribution,
    ExitCondition,
    Objective,
    ProgressMarker,
    Risk,
)


def _person(user: Any) -> str | None:
    return user.get_username() if user is not None else None


class AssessmentSerializer(MarkingSerializerMixin, serializers.ModelSerializer):
    """Shared by the assessments: the review and the assessed record are fixed once created.

    Subclasses name the record's field (``target``) and where its mission is
    (``target_mission``), and list their own fields.
    """

    target = ""
    target_mission = ""

    mission = MissionAcronymField(source="review.mission", read_only=True)
    assessed_by = serializers.SerializerMethodField()

    def get_assessed_by(self, obj: Any) -> str | None:
        return _person(obj.assessed_by)


class AssessmentCreateMixin(serializers.Serializer):
    """On create: the review (among the caller's missions) and the record it assesses, of
    the same mission, not yet assessed in that review."""

    review = ScopedPrimaryKeyRelatedField(queryset=Review.objects.all(), mission_path="mission")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        review, record = attrs["review"], attrs[self.target]
        if self._mission_id(record) != review.mission_id:
            raise serializers.ValidationError(
                {self.target: [_("This record belongs to another mission than the review.")]}
            )
        existing = self.Meta.model.objects.filter(review=review, **{self.target: record}).first()
        if existing is not None:
            raise serializers.ValidationError(
                {
                    self.target: [
                        _(
                            "It is already assessed in this review: change that assessment "
                            "(id %(id)s) instead."
                        )
                        % {"id": existing.pk}
                    ]
                }
            )
        return super().validate(attrs)

    def _mission_id(self, record: Any) -> int:
        value = record
        for name in self.target_mission.split("__"):
            value = getattr(value, name)
        return value


BASE_FIELDS = ["id", "mission", "review"]
TAIL_FIELDS = ["classification", "named_readers", "assessed_by", "revision"]


def _required(*names: str) -> dict[str, dict[str, bool]]:
    return {name: {"required": True} for name in names}


# -- objectives


class ObjectiveAssessmentSerializer(AssessmentSerializer):
    objective_code = serializers.CharField(source="objective.code", read_only=True)

    class Meta:
        model = ObjectiveAssessment
        fields = [
            *BASE_FIELDS,
            "objective",
            "objective_code",
            "progress",
            "political_environment",
            "evidence",
            "assessed_at",
            *TAIL_FIELDS,
        ]
        read_only_fields = ["review", "objective", "assessed_at", "revision"]


class ObjectiveAssessmentCreateSerializer(AssessmentCreateMixin, ObjectiveAssessmentSerializer):
    target, target_mission = "objective", "mission_id"
    objective = ScopedPrimaryKeyRelatedField(
        queryset=Objective.objects.all(), mission_path="mission"
    )

    class Meta(ObjectiveAssessmentSerializer.Meta):
        read_only_fields = ["assessed_at", "revision"]
        extra_kwargs = _required("progress")
        validators: list[Any] = []


# -- assumptions


class AssumptionAssessmentSerializer(AssessmentSerializer):
    objective = serializers.IntegerField(source="assumption.objective_id", read_only=True)

    class Meta:
        model = AssumptionAssessment
        fields = [
            *BASE_FIELDS,
            "assumption",
            "objective",
            "rating",
            "note",
            "assessed_at",
            *TAIL_FIELDS,
        ]
        read_only_fields = ["review", "assumption", "assessed_at", "revision"]


class AssumptionAssessmentCreateSerializer(AssessmentCreateMixin, AssumptionAssessmentSerializer):
    target, target_mission = "assumption", "objective__mission_id"
    assumption = ScopedPrimaryKeyRelatedField(
        queryset=Assumption.objects.select_related("objective"),
        mission_path="objective__mission",
    )

    class Meta(AssumptionAssessmentSerializer.Meta):
        read_only_fields = ["assessed_at", "revision"]
        extra_kwargs = _required("rating")
        validators: list[Any] = []


# -- risks


class RiskAssessmentSerializer(AssessmentSerializer):
    objective = serializers.IntegerField(source="risk.objective_id", read_only=True)
    severity_was = serializers.CharField(
        read_only=True,
        help_text="The risk's severity in the strategy when it was re-rated: what the rating "
        "moves it from. The risk takes the new severity when the review is signed off, unless "
        "its severity was changed in the strategy meanwhile.",
    )

    class Meta:
        model = RiskAssessment
        fields = [
            *BASE_FIELDS,
            "risk",
            "objective",
            "severity",
            "severity_was",
            "note",
            "assessed_at",
            *TAIL_FIELDS,
        ]
        read_only_fields = ["review", "risk", "severity_was", "assessed_at", "revision"]


class RiskAssessmentCreateSerializer(AssessmentCreateMixin, RiskAssessmentSerializer):
    target, target_mission = "risk", "objective__mission_id"
    risk = ScopedPrimaryKeyRelatedField(
        queryset=Risk.objects.select_related("objective"),
        mission_path="objective__mission",
    )

    class Meta(RiskAssessmentSerializer.Meta):
        read_only_fields = ["severity_was", "assessed_at", "revision"]
        extra_kwargs = _required("severity")
        validators: list[Any] = []


# -- markers


class MarkerReadingSerializer(AssessmentSerializer):
    objective = serializers.IntegerField(source="marker.objective_id", read_only=True)
    read_on = serializers.DateField(
        required=False, help_text="The day of the reading; today in the mission if left out."
    )

    class Meta:
        model = MarkerReading
        fields = [*BASE_FIELDS, "marker", "objective", "reading", "read_on", *TAIL_FIELDS]
        read_only_fields = ["review", "marker", "revision"]


class MarkerReadingCreateSerializer(AssessmentCreateMixin, MarkerReadingSerializer):
    target, target_mission = "marker", "objective__mission_id"
    marker = ScopedPrimaryKeyRelatedField(
        queryset=ProgressMarker.objects.select_related("objective"),
        mission_path="objective__mission",
    )

    class Meta(MarkerReadingSerializer.Meta):
        read_only_fields = ["revision"]
        validators: list[Any] = []


# -- exit conditions


class ExitConditionAssessmentSerializer(AssessmentSerializer):
    class Meta:
        model = ExitConditionAssessment
        fields = [
            *BASE_FIELDS,
            "exit_condition",
            "status",
            "evidence",
            "assessed_at",
            *TAIL_FIELDS,
        ]
        read_only_fields = ["review", "exit_condition", "assessed_at", "revision"]


class ExitConditionAssessmentCreateSerializer(
    AssessmentCreateMixin, ExitConditionAssessmentSerializer
):
    target, target_mission = "exit_condition", "end_state__mission_id"
    exit_condition = ScopedPrimaryKeyRelatedField(
        queryset=ExitCondition.objects.filter(end_state__superseded_on__isnull=True).select_related(
            "end_state"
        ),
        mission_path="end_state__mission",
    )

    class Meta(ExitConditionAssessmentSerializer.Meta):
        read_only_fields = ["assessed_at", "revision"]
        extra_kwargs = _required("status")
        validators: list[Any] = []


# -- contributions


class ContributionAssessmentSerializer(AssessmentSerializer):
    component = serializers.IntegerField(source="contribution.component_id", read_only=True)
    component_name = serializers.CharField(source="contribution.component.name", read_only=True)
    objective = serializers.IntegerField(source="contribution.objective_id", read_only=True)
    objective_code = serializers.CharField(source="contribution.objective.code", read_only=True)

    class Meta:
        model = ContributionAssessment
        fields = [
            *BASE_FIELDS,
            "contribution",
            "component",
            "component_name",
            "objective",
            "objective_code",
            "strength",
            "evidence",
            "assessed_at",
            *TAIL_FIELDS,
        ]
        read_only_fields = ["review", "contribution", "assessed_at", "revision"]


class ContributionAssessmentCreateSerializer(
    AssessmentCreateMixin, ContributionAssessmentSerializer
):
    target, target_mission = "contribution", "objective__mission_id"
    contribution = ScopedPrimaryKeyRelatedField(
        queryset=Contribution.objects.select_related("objective", "component"),
        mission_path="objective__mission",
    )

    class Meta(ContributionAssessmentSerializer.Meta):
        read_only_fields = ["assessed_at", "revision"]
        extra_kwargs = _required("strength")
        validators: list[Any] = []


# -- filters


class AssessmentFilter(ScopedFilterSet):
    """``?review=<id>`` and ``?mission=UNSMK``, and the assessed record by id."""

    mission = filters.CharFilter(
        field_name="review__mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )


def _filter(model: type, *fields: str) -> type[filters.FilterSet]:
    meta = type("Meta", (), {"model": model, "fields": ["mission", "review", *fields]})
    return type(f"{model.__name__}Filter", (AssessmentFilter,), {"Meta": meta})


# -- viewsets


class _Assessments(AssessmentViewSet):
    """The assessments of one kind in the caller's missions, newest review first.

    Each kind names the service that writes it and the values that service takes: creating
    passes those given, changing passes those given over the row's own. The assessed record's
    field is the create serializer's ``target``.
    """

    values: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @staticmethod
    def service(**kwargs: Any) -> Any:
        raise NotImplementedError

    @property
    def record_field(self) -> str:
        return self.create_serializer_class.target

    def base_queryset(self) -> QuerySet:
        model = self.serializer_class.Meta.model
        return model.objects.select_related(
            "review__mission", "assessed_by", *(self.related or (self.record_field,))
        ).order_by("review__mission__acronym", "-review__period_start", "pk")

    def perform_create(self, serializer: serializers.Serializer) -> Any:
        data = serializer.validated_data
        return self.service(
            review=data["review"],
            by=self.request.user,
            **{self.record_field: data[self.record_field]},
            **{name: data[name] for name in (*self.values, *MARKING_FIELDS) if name in data},
        )

    def perform_update(self, serializer: serializers.Serializer, *, expected_revision: int) -> None:
        row, data = serializer.instance, serializer.validated_data
        self.service(
            review=row.review,
            by=self.request.user,
            **{self.record_field: getattr(row, self.record_field)},
            **{name: data.get(name, getattr(row, name)) for name in self.values},
            **{name: data[name] for name in MARKING_FIELDS if name in data},
            expected_revision=expected_revision,
        )


@review_record_schema(ObjectiveAssessmentSerializer)
class ObjectiveAssessmentViewSet(_Assessments):
    """How each objective advanced in a review: on track, at risk, off track, stalled or
    achieved, with the political environment and the evidence (write: chief of staff)."""

    serializer_class = ObjectiveAssessmentSerializer
    create_serializer_class = ObjectiveAssessmentCreateSerializer
    filterset_class = _filter(ObjectiveAssessment, "objective", "progress")
    write_action = Action.ASSESS_OBJECTIVE
    service = staticmethod(objective_assess)
    values = ("progress", "political_environment", "evidence")


@review_record_schema(AssumptionAssessmentSerializer)
class AssumptionAssessmentViewSet(_Assessments):
    """Assumptions re-rated in a review: holds, under strain or broken; the assumption's own
    rating follows (write: chief of staff)."""

    serializer_class = AssumptionAssessmentSerializer
    create_serializer_class = AssumptionAssessmentCreateSerializer
    filterset_class = _filter(AssumptionAssessment, "assumption", "rating")
    write_action = Action.ASSESS_OBJECTIVE
    service = staticmethod(assumption_rate)
    values = ("rating", "note")


@review_record_schema(RiskAssessmentSerializer)
class RiskAssessmentViewSet(_Assessments):
    """Risks re-rated in a review: high, medium or low, with a note; the risk's own severity
    follows when the review is signed off (write: chief of staff)."""

    serializer_class = RiskAssessmentSerializer
    create_serializer_class = RiskAssessmentCreateSerializer
    filterset_class = _filter(RiskAssessment, "risk", "severity")
    write_action = Action.ASSESS_OBJECTIVE
    service = staticmethod(risk_rate)
    values = ("severity", "note")


@review_record_schema(MarkerReadingSerializer)
class MarkerReadingViewSet(_Assessments):
    """Markers of progress read in a review; the marker's latest reading follows (write:
    chief of staff)."""

    serializer_class = MarkerReadingSerializer
    create_serializer_class = MarkerReadingCreateSerializer
    filterset_class = _filter(MarkerReading, "marker")
    write_action = Action.ASSESS_OBJECTIVE
    service = staticmethod(marker_read)
    values = ("reading", "read_on")


@review_record_schema(ExitConditionAssessmentSerializer)
class ExitConditionAssessmentViewSet(_Assessments):
    """Exit conditions re-assessed in a review: not met, partly met or met, with evidence;
    the condition's status follows (write: chief of staff)."""

    serializer_class = ExitConditionAssessmentSerializer
    create_serializer_class = ExitConditionAssessmentCreateSerializer
    filterset_class = _filter(ExitConditionAssessment, "exit_condition", "status")
    write_action = Action.ASSESS_OBJECTIVE
    service = staticmethod(exit_condition_assess)
    values = ("status", "evidence")


@review_record_schema(ContributionAssessmentSerializer)
class ContributionAssessmentViewSet(_Assessments):
    """How strongly each component's work advanced an objective in a review: strong, some,
    none or counter-productive, with evidence (write: that component's lead only)."""

    serializer_class = ContributionAssessmentSerializer
    create_serializer_class = ContributionAssessmentCreateSerializer
    filterset_class = _filter(ContributionAssessment, "contribution", "strength")
    write_action = Action.ASSESS_CONTRIBUTION
    service = staticmethod(contribution_assess)
    values = ("strength", "evidence")
    related = ("contribution__component", "contribution__objective")

    def policy_target(self, obj: ContributionAssessment) -> Contribution:
        return obj.contribution

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        return data["review"].mission, data["contribution"]
