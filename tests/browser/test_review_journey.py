"""The quarterly review of issue 6, in real Chromium, each step taken by its role: opened by
the chief of staff, assessed by a component lead and the chief, concluded with decisions,
signed off by the head of mission, and carried into the next approved version."""

import re

import pytest

from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_quarterly_review_from_opening_to_the_next_version(as_user, live_server, demo):
    from mandates.models import MandatedTask
    from missions.models import Membership, Mission
    from reviews.models import ContributionAssessment, Review
    from strategies.models import Contribution, Objective, StrategyVersion

    mission = Mission.objects.get(acronym="UNSMK")
    base = f"{live_server.url}/missions/{mission.acronym}"
    review = (
        Review.objects.filter(mission=mission, status=Review.Status.PLANNED)
        .order_by("period_start")
        .first()
    )
    if not StrategyVersion.objects.filter(mission=mission).exists():
        # The comparison at the end needs a version approved before the review.
        from django.contrib.auth import get_user_model

        from strategies.services.versions import version_approve

        hom_user = get_user_model().objects.get(username="hom")
        version_approve(mission=mission, by=hom_user, note="Before the quarterly review.")
    versions_before = StrategyVersion.objects.filter(mission=mission).count()

    # The chief of staff opens the quarter's review from the review history.
    chief = as_user("chief")
    chief.goto(f"{base}/reviews/")
    assert serious_violations(chief) == []
    chief.get_by_role("link", name="Open this review").first.click()
    chief.wait_for_url(re.compile(rf"/reviews/{review.pk}/"))
    chief.get_by_role("checkbox", name=re.compile("lead", re.I)).first.check()
    chief.get_by_role("button", name="Open the review").click()
    chief.get_by_role("link", name="Conclude the review").wait_for()
    review.refresh_from_db()
    assert review.status == Review.Status.OPEN

    # The Civil Affairs lead assesses the section's contributions, and only those.
    lead_user = Membership.objects.get(mission=mission, user__username="lead")
    own = list(
        Contribution.objects.filter(
            component=lead_user.component, objective__status=Objective.Status.ACTIVE
        )
    )
    assert own, "the demo lead's component contributes to something"
    lead = as_user("lead")
    lead.goto(f"{base}/reviews/{review.pk}/")
    lead.get_by_role("link", name="Assess your contributions").click()
    for contribution in own:
        lead.locator(f"input[name='c{contribution.pk}-strength'][value='strong']").check()
        lead.locator(f"[name='c{contribution.pk}-evidence']").fill(
            "Two local agreements reached in committees the section convened."
        )
    assert serious_violations(lead) == []
    lead.get_by_role("button", name="Save assessments").click()
    lead.get_by_text(re.compile(r"contributions? assessed")).first.wait_for()
    saved = ContributionAssessment.objects.filter(review=review)
    assert {a.contribution_id for a in saved} == {c.pk for c in own}
    assert {a.assessed_by.username for a in saved} == {"lead"}
    # Another component's contribution: not on the lead's form, and refused when posted.
    other = Contribution.objects.filter(objective__mission=mission).exclude(
        component=lead_user.component
    )[0]
    assert lead.locator(f"[name='c{other.pk}-strength']").count() == 0
    token = lead.locator("input[name='csrfmiddlewaretoken']").first.input_value()
    refused = lead.request.post(
        f"{base}/reviews/{review.pk}/contributions/",
        form={
            "csrfmiddlewaretoken": token,
            f"c{other.pk}-strength": "none",
            f"c{other.pk}-evidence": "Not mine to say.",
        },
        headers={"Referer": lead.url},
    )
    assert refused.status == 403
    assert not ContributionAssessment.objects.filter(review=review, contribution=other).exists()

    # The chief rates every active objective, moving from one to the next.
    active = list(Objective.objects.filter(mission=mission, status=Objective.Status.ACTIVE))
    first = sorted(active, key=lambda o: o.code)[0]
    chief.goto(f"{base}/reviews/{review.pk}/objectives/{first.code}/")
    assert serious_violations(chief) == []
    for _ in active:
        chief.get_by_role("radio", name="On track").check()
        chief.get_by_label("Evidence").first.fill("Quarterly political assessment.")
        save_next = chief.get_by_role("button", name=re.compile("^Save and go to"))
        if save_next.count():
            save_next.click()
        else:
            chief.get_by_role("button", name="Save assessment").click()
        chief.wait_for_load_state()
    assert review.objective_assessments.count() == len(active)

    # ...records two decisions: drop an objective, reprioritise a task...
    dropped = Objective.objects.get(mission=mission, code="O3")
    task = MandatedTask.objects.filter(
        mandate__mission=mission, is_strategic_priority=False, parent__isnull=False
    ).first()
    chief.goto(f"{base}/reviews/{review.pk}/#decisions")
    record = chief.locator("details.decision-add")
    if record.get_attribute("open") is None:
        record.locator("> summary").click()
    chief.get_by_label("Decision", exact=True).select_option("drop")
    chief.locator("select[name='objective']").select_option(str(dropped.pk))
    chief.get_by_label("Rationale").fill("The electoral calendar is now the Council's to set.")
    chief.get_by_role("button", name="Record the decision").click()
    chief.get_by_text("The electoral calendar is now the Council's to set.").wait_for()
    if record.get_attribute("open") is None:
        record.locator("> summary").click()
    chief.get_by_label("Decision", exact=True).select_option("reprioritise")
    chief.locator("select[name='task']").select_option(str(task.pk))
    chief.locator("input[name='strategic'][value='yes']").check()
    chief.get_by_label("Rationale").fill("The guarantors asked for it first.")
    chief.get_by_role("button", name="Record the decision").click()
    chief.get_by_text("The guarantors asked for it first.").wait_for()
    assert review.decisions.count() == 2

    # ...and concludes.
    chief.get_by_label("Conclusions").fill("The quarter advanced the local track; O3 is dropped.")
    chief.get_by_role("button", name="Conclude the review").click()
    chief.wait_for_load_state()
    review.refresh_from_db()
    assert review.status == Review.Status.CONCLUDED
    assert serious_violations(chief) == []

    # The head of mission signs off; the decisions change the working draft.
    hom = as_user("hom")
    hom.goto(f"{base}/reviews/{review.pk}/")
    hom.get_by_role("link", name="Read the decisions and sign off").click()
    hom.wait_for_url("**/sign-off/**")
    assert serious_violations(hom) == []
    hom.get_by_role("button", name="Sign off and apply the decisions").click()
    hom.wait_for_load_state()
    review.refresh_from_db()
    assert review.status == Review.Status.SIGNED_OFF
    dropped.refresh_from_db()
    task.refresh_from_db()
    assert dropped.status == Objective.Status.DROPPED
    assert task.is_strategic_priority
    hom.get_by_text("O3 dropped.").wait_for()

    # The draft shows the changes against the last version...
    hom.goto(f"{base}/versions/")
    hom.get_by_label("Approval note").fill("Recalibrated after the quarterly review.")
    hom.get_by_role("button", name=re.compile("Approve")).click()
    hom.wait_for_url(re.compile(r"/versions/\d+/$"))
    assert StrategyVersion.objects.filter(mission=mission).count() == versions_before + 1

    # ...and the comparison of the two latest versions shows them.
    new = versions_before + 1
    hom.goto(f"{base}/versions/compare/?from={new - 1}&to={new}")
    body = hom.locator("main").inner_text()
    assert "O3" in body and "Dropped" in body
    assert task.reference in body

    # The concluded review is read-only: no forms, and a write by URL is refused.
    chief.goto(f"{base}/reviews/{review.pk}/objectives/{first.code}/")
    assert chief.get_by_role("button", name="Save assessment").count() == 0
    token = chief.locator("input[name='csrfmiddlewaretoken']").first.input_value()
    refused = chief.request.post(
        f"{base}/reviews/{review.pk}/decisions/new/",
        form={"csrfmiddlewaretoken": token, "kind": "keep", "rationale": "Late."},
        headers={"Referer": chief.url},
    )
    assert refused.status == 403
    assert review.decisions.count() == 2
