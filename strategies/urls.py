"""Mission strategy screens, under /missions/<acronym>/. Every route of the app is listed here."""

from django.urls import path

from strategies.views import (
    activity,
    alignment,
    classification,
    comments,
    drivers,
    exit_conditions,
    mandate_diff,
    matrix,
    objectives,
    overview,
    stakeholders,
    versions,
)

app_name = "strategies"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("objectives/", objectives.objective_list, name="objectives"),
    path("objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_edit, name="objective_edit"),
    path("contributions/", matrix.contribution_matrix, name="matrix"),
    path(
        "contributions/<int:component_pk>/<int:objective_pk>/",
        matrix.contribution_cell,
        name="matrix_cell",
    ),
    path("alignment/", alignment.alignment, name="alignment"),
    path("alignment/tasks/<int:pk>/", alignment.alignment_task, name="alignment_task"),
    path("comments/", comments.comment_list, name="comments"),
    path("comments/add/", comments.comment_create, name="comment_create"),
    path("comments/<int:pk>/resolve/", comments.comment_set_resolved, name="comment_resolve"),
    path("versions/", versions.versions, name="versions"),
    path("versions/approve/", versions.approve_version, name="version_approve"),
    path("versions/compare/", versions.version_compare_view, name="version_compare"),
    path("versions/<int:number>/", versions.version_detail, name="version_detail"),
    path("activity/", activity.activity, name="activity"),
    path("history/<str:model>/<int:pk>/", activity.record_history_view, name="record_history"),
    path(
        "history/<str:model>/<int:pk>/classification/",
        classification.record_classification,
        name="record_classification",
    ),
    path("stakeholders/", stakeholders.stakeholders, name="stakeholders"),
    path("stakeholders/new/", stakeholders.add_stakeholder, name="stakeholder_create"),
    path("stakeholders/positions/", stakeholders.positions, name="positions"),
    path(
        "stakeholders/positions/<int:stakeholder_pk>/<int:objective_pk>/",
        stakeholders.position_cell,
        name="position_cell",
    ),
    path("stakeholders/<int:pk>/", stakeholders.stakeholder_detail, name="stakeholder_detail"),
    path("stakeholders/<int:pk>/edit/", stakeholders.edit_stakeholder, name="stakeholder_edit"),
    path(
        "stakeholders/<int:pk>/delete/", stakeholders.delete_stakeholder, name="stakeholder_delete"
    ),
    path("drivers/", drivers.drivers, name="drivers"),
    path("drivers/new/", drivers.add_driver, name="driver_create"),
    path("drivers/<int:pk>/edit/", drivers.edit_driver, name="driver_edit"),
    path("drivers/<int:pk>/delete/", drivers.delete_driver, name="driver_delete"),
    path("end-state/", exit_conditions.end_state, name="end_state"),
    path("exit-conditions/", exit_conditions.exit_conditions, name="exit_conditions"),
    path("exit-conditions/new/", exit_conditions.add_exit_condition, name="exit_condition_create"),
    path(
        "exit-conditions/<int:pk>/edit/",
        exit_conditions.edit_exit_condition,
        name="exit_condition_edit",
    ),
    path(
        "exit-conditions/<int:pk>/delete/",
        exit_conditions.delete_exit_condition,
        name="exit_condition_delete",
    ),
    path(
        "mandates/diff/<int:old>/<int:new>/",
        mandate_diff.mandate_diff_page,
        name="mandate_diff",
    ),
    path(
        "mandates/diff/<int:old>/<int:new>/carry-over/",
        mandate_diff.mandate_carry_over,
        name="mandate_carry_over",
    ),
]
