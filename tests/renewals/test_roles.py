"""Who may do what on the renewal recommendations: every role against reading, drafting,
commenting, approving and exporting; an outsider learns nothing (404)."""

from __future__ import annotations

import pytest

from renewals.models import Recommendation, Renewal, RenewalComment
from tests.renewals.conftest import as_role, client_for, task

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"

# role: (view, edit, comment, approve, export)
MATRIX = {
    "head_of_mission": (200, 403, 302, 302, 200),
    "chief_of_staff": (200, 302, 302, 403, 200),
    "strategy_editor": (200, 302, 302, 403, 200),
    "component_lead": (200, 403, 302, 403, 200),
    "desk_officer": (200, 403, 302, 403, 200),
    "viewer": (200, 403, 403, 403, 200),
    "outsider": (404, 404, 404, 404, 404),
}


def _approvable(mandate) -> Renewal:
    """A draft with one recommendation in it, made by someone allowed to."""
    from renewals.services import recommendation_save

    chief = Renewal._meta.apps.get_model("auth", "User").objects.get(username="chief_of_staff")
    recommendation_save(
        task=task(mandate, "4"),
        values={"action": "keep", "rationale": ""},
        expected_revision=None,
        by=chief,
    )
    return Renewal.objects.get(mandate=mandate)


@pytest.mark.parametrize("role", list(MATRIX))
def test_each_role_against_each_action(role, people, mandate):
    view, edit, comment, approve, export = MATRIX[role]
    renewal = _approvable(mandate)
    client = client_for(people[role])
    target = task(mandate, "3 (a)")

    assert client.get(URL).status_code == view
    response = client.post(
        f"{URL}tasks/{target.pk}/", {"action": "drop", "rationale": "Done by the agencies."}
    )
    assert response.status_code == edit
    assert Recommendation.objects.filter(task=target).exists() == (edit == 302)

    response = client.post(f"{URL}mandates/{mandate.pk}/comments/", {"body": "A remark."})
    assert response.status_code == comment
    assert RenewalComment.objects.filter(author=people[role]).exists() == (comment == 302)

    renewal.refresh_from_db()
    from renewals.selectors import content_stamp

    response = client.post(
        f"{URL}mandates/{mandate.pk}/status/",
        {"step": "approve", "revision": renewal.revision, "stamp": content_stamp(renewal)},
    )
    assert response.status_code == approve
    renewal.refresh_from_db()
    assert (renewal.status == "approved") == (approve == 302)

    assert client.get(f"{URL}export.docx").status_code == export
    assert client.get(f"{URL}export.xlsx").status_code == export


def test_the_page_shows_each_role_only_its_own_buttons(people, mandate):
    _approvable(mandate)
    pages = {role: as_role(role).get(URL).content.decode() for role in MATRIX if role != "outsider"}
    for role, page in pages.items():
        editing = MATRIX[role][1] == 302
        assert ("Recommend<span" in page) == editing, role
        assert ('action="/missions/UNTEST/renewal/mandates/' in page) == (role != "viewer"), role
        assert ("Approve the recommendations" in page) == (role == "head_of_mission"), role
        assert ("Word (.docx)" in page) is True


def test_outsider_gets_404_on_every_page(people, mandate):
    client = client_for(people["outsider"])
    target = task(mandate, "4")
    for url in (
        URL,
        f"{URL}?mandate={mandate.pk}",
        f"{URL}tasks/{target.pk}/?edit=1",
        f"{URL}history/",
        f"{URL}outcome/",
        f"{URL}export.docx",
    ):
        assert client.get(url).status_code == 404, url


def test_a_mandate_of_another_mission_is_404(people, mandate, other_mission):
    from tests.factories import MandateFactory, TaskFactory

    theirs = MandateFactory(mission=other_mission)
    their_task = TaskFactory(mandate=theirs)
    client = as_role("strategy_editor")
    assert client.get(f"{URL}?mandate={theirs.pk}").status_code == 404
    assert client.get(f"{URL}?mandate=x1").status_code == 404
    response = client.post(f"{URL}tasks/{their_task.pk}/", {"action": "keep"})
    assert response.status_code == 404
    assert not Recommendation.objects.exists()


def test_anonymous_is_sent_to_log_in(mandate):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_other_apps_link_here_by_neutral_names():
    from missions.navigation import mission_link

    assert mission_link("renewal", acronym="UNTEST") == URL
    assert mission_link("renewal_outcome", acronym="UNTEST") == f"{URL}outcome/"
