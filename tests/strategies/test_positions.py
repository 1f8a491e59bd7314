"""The position matrix: latest stance per cell, stale marks, recording positions in place."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from missions.models import Stakeholder
from strategies.forms_register import mission_today
from strategies.models import Objective, StakeholderPosition
from strategies.selectors.findings import findings_for_mission
from tests.factories import ObjectiveFactory, PositionFactory, StakeholderFactory
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db

MATRIX = "/missions/UNTEST/stakeholders/positions/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def cell_url(stakeholder, objective) -> str:
    return f"{MATRIX}{stakeholder.pk}/{objective.pk}/"


def cell(html: str, stakeholder, objective) -> str:
    found = re.search(rf'<td id="cell-{stakeholder.pk}-{objective.pk}".*?</td>', html, re.S)
    return found.group(0) if found else ""


def field_block(html: str, field_id: str) -> str:
    """The invalid field as rendered: its label, its input and the errors beside it."""
    found = re.search(
        rf'<div class="field field--invalid">\s*<label for="{field_id}">.*?</div>', html, re.S
    )
    return found.group(0) if found else ""


def stale_codes(mission) -> list[str]:
    return [
        f.rule.code for f in findings_for_mission(mission.pk) if f.rule.code == "stale_position"
    ]


def record(stakeholder, objective, latest=None, **overrides):
    data = {
        "stance": "supports",
        "as_of": mission_today(stakeholder.mission).isoformat(),
        "note": "",
        "basis": latest.pk if latest else "",
        "revision": latest.revision if latest else "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def pair(mission):
    stakeholder = StakeholderFactory(mission=mission, name="Front for Renewal")
    objective = ObjectiveFactory(mission=mission, code="O1", title="Ceasefire holds")
    return stakeholder, objective


def test_each_cell_shows_the_latest_stance_with_its_date(client, reader, mission, pair):
    stakeholder, objective = pair
    today = timezone.localdate()
    PositionFactory(
        stakeholder=stakeholder,
        objective=objective,
        stance="supports",
        as_of=today - timedelta(400),
    )
    latest = PositionFactory(
        stakeholder=stakeholder, objective=objective, stance="opposes", as_of=today - timedelta(10)
    )
    dropped = ObjectiveFactory(mission=mission, code="O9", title="Dropped one", status="dropped")
    client.force_login(reader)

    response = client.get(MATRIX)

    assert response.status_code == 200
    html = response.content.decode()
    shown = cell(html, stakeholder, objective)
    assert "Opposes" in shown and "✕" in shown  # the word, not the colour alone
    assert f'datetime="{latest.as_of:%Y-%m-%d}"' in shown
    assert "Supports" not in shown
    assert "Stale" not in shown
    assert "Ceasefire holds" in html
    assert "Dropped one" not in html and not cell(html, stakeholder, dropped)
    assert "Update" not in shown  # readers read


def test_a_position_older_than_180_days_is_marked_stale(client, reader, mission, pair):
    stakeholder, objective = pair
    fresh = ObjectiveFactory(mission=mission, code="O2")
    today = timezone.localdate()
    PositionFactory(stakeholder=stakeholder, objective=objective, as_of=today - timedelta(181))
    PositionFactory(stakeholder=stakeholder, objective=fresh, as_of=today - timedelta(180))
    client.force_login(reader)

    html = client.get(MATRIX).content.decode()

    assert "Stale" in cell(html, stakeholder, objective)
    assert "stance-cell--stale" in cell(html, stakeholder, objective)
    assert "Stale" not in cell(html, stakeholder, fresh)
    assert "1 latest position is older than 180 days" in html


def test_recording_a_position_keeps_the_old_one_and_clears_the_stale_finding(
    client, editor, mission, pair
):
    stakeholder, objective = pair
    old = PositionFactory(
        stakeholder=stakeholder,
        objective=objective,
        stance="ambivalent",
        as_of=timezone.localdate() - timedelta(200),
    )
    assert stale_codes(mission) == ["stale_position"]
    client.force_login(editor)

    response = client.post(
        cell_url(stakeholder, objective),
        record(stakeholder, objective, old, stance="supports", note="Signed the roadmap."),
    )

    assert response.status_code == 302
    assert response["Location"] == f"{MATRIX}#cell-{stakeholder.pk}-{objective.pk}"
    history = list(StakeholderPosition.objects.filter(stakeholder=stakeholder).order_by("as_of"))
    assert [(p.stance, p.note) for p in history] == [
        ("ambivalent", ""),
        ("supports", "Signed the roadmap."),
    ]
    assert history[1].as_of == mission_today(mission)
    assert stale_codes(mission) == []
    assert "Stale" not in cell(client.get(MATRIX).content.decode(), stakeholder, objective)


def test_the_in_place_form_opens_in_the_cell_with_its_first_field_focused(client, editor, pair):
    stakeholder, objective = pair
    client.force_login(editor)

    response = client.get(cell_url(stakeholder, objective), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<td id="cell-{stakeholder.pk}-{objective.pk}"')
    assert "<html" not in html
    assert re.search(r'<select name="stance"[^>]*autofocus', html)
    assert f'hx-post="{cell_url(stakeholder, objective)}"' in html
    assert f'value="{mission_today(stakeholder.mission).isoformat()}"' in html  # as of: today
    # Labelled controls with ids unique to the cell.
    assert f'<label for="position-{stakeholder.pk}-{objective.pk}-as_of">' in html


def test_recording_in_place_returns_the_updated_cell_and_the_stale_count(
    client, editor, mission, pair
):
    stakeholder, objective = pair
    client.force_login(editor)

    response = client.post(
        cell_url(stakeholder, objective), record(stakeholder, objective, stance="opposes"), **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<td id="cell-{stakeholder.pk}-{objective.pk}"')
    assert "Opposes" in html and "Saved." in html
    assert re.search(r"<a [^>]*autofocus", html)  # focus returns to the cell's own button
    assert 'id="stale-summary"' in html and 'hx-swap-oob="true"' in html
    assert StakeholderPosition.objects.get().stance == "opposes"


def test_cancel_in_place_gives_the_cell_back(client, editor, pair):
    stakeholder, objective = pair
    client.force_login(editor)
    html = client.get(cell_url(stakeholder, objective) + "?cancel=1", **HTMX).content.decode()
    assert html.startswith(f'<td id="cell-{stakeholder.pk}-{objective.pk}"')
    assert "Not recorded" in html


def test_a_second_position_the_same_day_updates_that_days_row(client, editor, mission, pair):
    stakeholder, objective = pair
    today_row = PositionFactory(
        stakeholder=stakeholder, objective=objective, stance="unknown", as_of=mission_today(mission)
    )
    client.force_login(editor)

    response = client.post(
        cell_url(stakeholder, objective),
        record(stakeholder, objective, today_row, stance="supports", note="Confirmed by phone."),
    )

    assert response.status_code == 302
    row = StakeholderPosition.objects.get()
    assert (row.pk, row.stance, row.note, row.revision) == (
        today_row.pk,
        "supports",
        "Confirmed by phone.",
        2,
    )


def test_a_future_date_is_refused_beside_the_field_and_the_input_kept(
    client, editor, mission, pair
):
    stakeholder, objective = pair
    client.force_login(editor)
    future = mission_today(mission) + timedelta(days=5)

    for extra in ({}, HTMX):
        response = client.post(
            cell_url(stakeholder, objective),
            record(stakeholder, objective, as_of=future.isoformat(), note="My typed note"),
            **extra,
        )
        assert response.status_code == 400
        html = response.content.decode()
        field = field_block(html, f"position-{stakeholder.pk}-{objective.pk}-as_of")
        assert "The date cannot be in the future" in field
        assert future.isoformat() in field
        assert "My typed note" in html
    assert html.startswith("<td")  # in place, the form stays in its cell
    assert re.search(r'<input type="date" name="as_of"[^>]*autofocus', html)  # focus on the error
    assert not StakeholderPosition.objects.exists()


def test_a_position_recorded_meanwhile_for_the_same_day_is_a_conflict(
    client, editor, mission, pair
):
    stakeholder, objective = pair
    today = mission_today(mission)
    seen = PositionFactory(
        stakeholder=stakeholder, objective=objective, stance="supports", as_of=today - timedelta(30)
    )
    mine = record(stakeholder, objective, seen, stance="ambivalent", note="My own reading")
    theirs = PositionFactory(
        stakeholder=stakeholder, objective=objective, stance="opposes", as_of=today, note="Theirs"
    )
    client.force_login(editor)

    response = client.post(cell_url(stakeholder, objective), mine, **HTMX)

    assert response.status_code == 409
    html = response.content.decode()
    assert html.startswith("<td")
    assert "Someone else saved this after you opened it" in html
    assert "Opposes" in html and "Theirs" in html  # their values
    assert "My own reading" in html  # the user's input, kept
    theirs.refresh_from_db()
    assert (theirs.stance, theirs.note) == ("opposes", "Theirs")
    assert StakeholderPosition.objects.count() == 2

    # The form now stands on the row just shown: saving again is deliberate.
    assert f'name="basis" value="{theirs.pk}"' in html
    again = client.post(
        cell_url(stakeholder, objective),
        record(stakeholder, objective, theirs, stance="ambivalent", note="My own reading"),
    )
    assert again.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.stance, theirs.note) == ("ambivalent", "My own reading")


def test_a_stale_update_of_the_days_row_is_refused(client, editor, mission, pair):
    stakeholder, objective = pair
    row = PositionFactory(
        stakeholder=stakeholder,
        objective=objective,
        stance="supports",
        as_of=mission_today(mission),
    )
    mine = record(stakeholder, objective, row, stance="opposes", note="Mine")
    StakeholderPosition.objects.filter(pk=row.pk).update(note="Changed by a colleague", revision=2)
    client.force_login(editor)

    response = client.post(cell_url(stakeholder, objective), mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed by a colleague" in html and "Mine" in html
    row.refresh_from_db()
    assert (row.stance, row.note) == ("supports", "Changed by a colleague")


def test_reader_may_not_open_or_post_a_cell(client, reader, pair):
    stakeholder, objective = pair
    client.force_login(reader)
    assert client.get(cell_url(stakeholder, objective)).status_code == 403
    assert client.get(cell_url(stakeholder, objective), **HTMX).status_code == 403
    response = client.post(cell_url(stakeholder, objective), record(stakeholder, objective))
    assert response.status_code == 403
    assert not StakeholderPosition.objects.exists()


def test_outsider_gets_404(client, outsider, pair):
    stakeholder, objective = pair
    client.force_login(outsider)
    assert client.get(MATRIX).status_code == 404
    assert client.get(cell_url(stakeholder, objective)).status_code == 404
    response = client.post(cell_url(stakeholder, objective), record(stakeholder, objective))
    assert response.status_code == 404
    assert not StakeholderPosition.objects.exists()


def test_a_cell_must_pair_records_of_the_mission_in_the_url(
    client, editor, mission, other_mission, pair
):
    stakeholder, objective = pair
    foreign_objective = ObjectiveFactory(mission=other_mission, code="X1")
    foreign_stakeholder = StakeholderFactory(mission=other_mission)
    client.force_login(editor)
    for url in (
        cell_url(stakeholder, foreign_objective),
        cell_url(foreign_stakeholder, objective),
    ):
        assert client.post(url, record(stakeholder, objective)).status_code == 404
    assert not StakeholderPosition.objects.exists()


def _grow(mission, size: int) -> None:
    """Bring the mission to ``size`` stakeholders and objectives, each cell with two positions
    (an old one and the latest), so every cell is filled."""
    have = Stakeholder.objects.filter(mission=mission).count()
    Stakeholder.objects.bulk_create(
        Stakeholder(mission=mission, name=f"S{i}", kind="donor", level="local", influence="low")
        for i in range(have, size)
    )
    Objective.objects.bulk_create(
        Objective(
            mission=mission,
            end_state=mission.current_end_state,
            code=f"O{i}",
            title=f"Objective {i}",
            levels=["national"],
        )
        for i in range(have, size)
    )
    filled = set(
        StakeholderPosition.objects.filter(stakeholder__mission=mission).values_list(
            "stakeholder_id", "objective_id"
        )
    )
    today = timezone.localdate()
    StakeholderPosition.objects.bulk_create(
        StakeholderPosition(
            stakeholder_id=s, objective_id=o, stance=stance, as_of=today - timedelta(days)
        )
        for s in Stakeholder.objects.filter(mission=mission).values_list("pk", flat=True)
        for o in Objective.objects.filter(mission=mission).values_list("pk", flat=True)
        if (s, o) not in filled
        for stance, days in (("supports", 300), ("opposes", 5))
    )


def test_the_matrix_takes_the_same_number_of_queries_for_5_and_60(client, editor, mission):
    client.force_login(editor)
    client.get(MATRIX)  # warm the per-process caches, as every page after the first finds them
    counts = {}
    for size in (5, 60):
        _grow(mission, size)
        counts[size] = len(page_queries(client, MATRIX))
    assert StakeholderPosition.objects.count() == 2 * 60 * 60
    assert counts[5] == counts[60], counts
