from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from benchmarks.api import IndicatorViewSet, MarkerValueViewSet, ReadingViewSet
from missions.api import MissionViewSet
from reviews.api.assessments import (
    AssumptionAssessmentViewSet,
    ContributionAssessmentViewSet,
    ExitConditionAssessmentViewSet,
    MarkerReadingViewSet,
    ObjectiveAssessmentViewSet,
    RiskAssessmentViewSet,
)
from reviews.api.decisions import DecisionViewSet
from reviews.api.reviews import ReviewViewSet
from strategies.api.alignments import AlignmentViewSet
from strategies.api.contributions import ContributionViewSet
from strategies.api.drivers import DriverViewSet
from strategies.api.exit_conditions import ExitConditionViewSet
from strategies.api.mandates import (
    MandateDiffApi,
    MandateImportApi,
    MandateImportJobApi,
    MandateImportJobConfirmApi,
    MandateViewSet,
)
from strategies.api.objectives import ObjectiveViewSet
from strategies.api.stakeholders import PositionViewSet, StakeholderViewSet
from strategies.api.tasks import TaskViewSet
from strategies.api.versions import VersionCompareApi, VersionViewSet
from strategy_app.api_errors import NotFoundApi
from transition.api import HandoverViewSet

router = DefaultRouter()
router.register("missions", MissionViewSet, basename="mission")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("alignments", AlignmentViewSet, basename="alignment")
router.register("stakeholders", StakeholderViewSet, basename="stakeholder")
router.register("positions", PositionViewSet, basename="position")
router.register("drivers", DriverViewSet, basename="driver")
router.register("exit-conditions", ExitConditionViewSet, basename="exit-condition")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-readings", ReadingViewSet, basename="indicator-reading")
router.register("marker-values", MarkerValueViewSet, basename="marker-value")
router.register("handovers", HandoverViewSet, basename="handover")
router.register("versions", VersionViewSet, basename="version")
router.register("mandates", MandateViewSet, basename="mandate")
router.register("tasks", TaskViewSet, basename="task")
router.register("reviews", ReviewViewSet, basename="review")
router.register(
    "objective-assessments", ObjectiveAssessmentViewSet, basename="objective-assessment"
)
router.register(
    "contribution-assessments", ContributionAssessmentViewSet, basename="contribution-assessment"
)
router.register(
    "assumption-assessments", AssumptionAssessmentViewSet, basename="assumption-assessment"
)
router.register("risk-assessments", RiskAssessmentViewSet, basename="risk-assessment")
router.register("marker-readings", MarkerReadingViewSet, basename="marker-reading")
router.register(
    "exit-condition-assessments",
    ExitConditionAssessmentViewSet,
    basename="exit-condition-assessment",
)
router.register("decisions", DecisionViewSet, basename="decision")

urlpatterns = [
    # Before the router, whose versions/<pk>/ would otherwise take "compare" for an id.
    path("versions/compare/", VersionCompareApi.as_view(), name="version-compare"),
    path("mandates/diff/", MandateDiffApi.as_view(), name="mandate-diff"),
    path("mandates/import/", MandateImportApi.as_view(), name="mandate-import"),
    path(
        "mandates/import/jobs/<int:pk>/", MandateImportJobApi.as_view(), name="mandate-import-job"
    ),
    path(
        "mandates/import/jobs/<int:pk>/confirm/",
        MandateImportJobConfirmApi.as_view(),
        name="mandate-import-job-confirm",
    ),
    *router.urls,
    # Last: a path no route takes (such as a malformed id) gets the API's JSON 404.
    re_path(r"", NotFoundApi.as_view()),
]
