"""A whole renewal cycle through the screens: import a resolution from its text, recommend
(drop one task, keep another, make one a priority, propose a new task), approve as head of
mission, import the Council's renewal, and read the recommendations against what it did."""

from __future__ import annotations

import re

import pytest

from mandates.models import Mandate
from renewals.models import Renewal
from renewals.selectors import content_stamp
from tests.mandates.resolutions import RES_2729, RES_2775, as_text
from tests.mandates.test_import_screen import confirm_data, confirm_url
from tests.renewals.conftest import as_role

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"


def _import(client, sample) -> Mandate:
    response = client.post(confirm_url(), confirm_data(as_text(sample)))
    assert response.status_code == 302, response.content.decode()[:500]
    return Mandate.objects.get(symbol=sample.symbol)


def _row(page: str, dom_id: str) -> str:
    """The text of one row of the outcome tables, tags dropped, spaces collapsed."""
    row = re.search(rf'<tr id="{dom_id}".*?</tr>', page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_recommend_approve_renew_and_read_the_outcome(people):
    editor, hom = as_role("strategy_editor"), as_role("head_of_mission")
    old = _import(editor, RES_2729)
    tasks = {t.reference: t for t in old.tasks.all()}

    workspace = editor.get(URL)
    assert workspace.status_code == 200
    page = workspace.content.decode()
    assert "Recommendations on the renewal of S/RES/2729 (2024)" in page
    assert page.count('class="task rec-task') == len(tasks) == 26

    def recommend(reference: str, **data: str) -> None:
        response = editor.post(f"{URL}tasks/{tasks[reference].pk}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]

    recommend("4 (a)", action="drop", rationale="Security sector reform has moved to the UNCT.")
    recommend("3 (b) (i)", action="keep", rationale="Good offices are the mission's core.")
    recommend("4 (e)", action="drop", rationale="Mine action is done.")
    recommend("4 (b)", action="make_priority", rationale="DDR unlocks the transition.")
    response = editor.post(
        f"{URL}mandates/{old.pk}/proposed/",
        {
            "text": "To support the national water authority in rebuilding irrigation networks "
            "damaged in the floods of early 2025;",
            "rationale": "The floods drive local conflict over land.",
        },
    )
    assert response.status_code == 302

    renewal = Renewal.objects.get(mandate=old)
    response = hom.post(
        f"{URL}mandates/{old.pk}/status/",
        {"step": "approve", "revision": renewal.revision, "stamp": content_stamp(renewal)},
    )
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "approved"

    new = _import(editor, RES_2775)
    # The old workspace now points to the outcome; the new one is the mandate in force.
    old_page = editor.get(f"{URL}?mandate={old.pk}").content.decode()
    assert "The Council renewed S/RES/2729 (2024) in S/RES/2775 (2025)." in old_page
    assert "Recommendations on the renewal of S/RES/2775 (2025)" in editor.get(URL).content.decode()

    response = as_role("desk_officer").get(f"{URL}outcome/")  # by default: in force vs before
    assert response.status_code == 200
    page = response.content.decode()
    assert "What the Council did with the recommendations on S/RES/2729 (2024)" in page
    new_tasks = {t.reference: t for t in new.tasks.all()}

    # Security sector reform, recommended for dropping, is 5 (a) in the renewal.
    ssr = _row(page, f"new-{new_tasks['5 (a)'].pk}")
    assert "was 4 (a)" in ssr and "Drop" in ssr and "Kept as is" in ssr
    assert "Recommended drop; the Council kept it." in ssr
    good_offices = _row(page, f"new-{new_tasks['4 (b) (i)'].pk}")
    assert "Recommended keep; kept." in good_offices
    ddr = _row(page, f"new-{new_tasks['5 (b)'].pk}")
    assert "Recommended making it a strategic priority; the Council did not." in ddr
    mine_action = _row(page, f"old-{tasks['4 (e)'].pk}")
    assert "Dropped" in mine_action and "Recommended drop; dropped." in mine_action
    elections = _row(page, f"new-{new_tasks['4 (b) (ii)'].pk}")
    assert "Reworded materially" in elections and "No recommendation; reworded." in elections
    irrigation = _row(page, f"new-{new_tasks['3'].pk}")
    assert "Proposed by the mission; the Council added it." in irrigation
    assert "Added by the Council as OP 3." in page
    # followed: keep, drop 4 (e), the proposal is counted apart; not followed: drop 4 (a), DDR
    followed = re.search(r"<dt>Followed</dt><dd>(\d+)</dd>", page).group(1)
    not_followed = re.search(r"<dt>Not followed</dt><dd>(\d+)</dd>", page).group(1)
    assert (followed, not_followed) == ("2", "2")

    explicit = editor.get(f"{URL}outcome/?old={old.pk}&new={new.pk}")
    assert explicit.status_code == 200
    assert editor.get(f"{URL}outcome/?old={new.pk}&new={old.pk}").status_code == 404
    assert editor.get(f"{URL}outcome/?old={old.pk}").status_code == 200
    assert "has not been renewed yet" in editor.get(f"{URL}outcome/?old={new.pk}").content.decode()
