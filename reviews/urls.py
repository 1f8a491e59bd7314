"""Review screens, under /missions/<acronym>/reviews/. Every route of the app is listed here."""

from django.urls import path

from reviews.views import assess, cycle, trends

app_name = "reviews"
urlpatterns = [
    path("", cycle.review_list, name="list"),
    path("<int:pk>/", cycle.review_detail, name="detail"),
    path("<int:pk>/open/", cycle.review_open, name="open"),
    path("<int:pk>/conclude/", cycle.review_conclude, name="conclude"),
    path("<int:pk>/sign-off/", cycle.review_sign_off, name="sign_off"),
    path("<int:pk>/reopen/", cycle.review_reopen, name="reopen"),
    path("<int:pk>/nudge/", cycle.review_nudge, name="nudge"),
    path("<int:pk>/decisions/new/", cycle.decision_add, name="decision_add"),
    path("<int:pk>/decisions/<int:decision_pk>/", cycle.decision_edit, name="decision_edit"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/delete/",
        cycle.decision_delete,
        name="decision_delete",
    ),
    path(
        "<int:pk>/objectives/<str:code>/",
        assess.assess_objective_page,
        name="assess_objective",
    ),
    path("<int:pk>/exit-conditions/", assess.assess_exit_conditions, name="assess_exit_conditions"),
    path("<int:pk>/contributions/", assess.assess_contributions, name="assess_contributions"),
    path("trends/", trends.trends, name="trends"),
]
