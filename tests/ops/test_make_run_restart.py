"""Stopping and starting `make run` again keeps what people did: edits made through the API and
the pages, signed-off reviews and approved versions; the demo seeder adds nothing to history."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.ops.launcher import INTERRUPTED, Browser, Launcher, forms_in, fresh_database

pytestmark = pytest.mark.worker

# Every table holding what a review recorded: its ratings, readings and decisions.
REVIEW_TABLES = [
    "reviews_objectiveassessment",
    "reviews_contributionassessment",
    "reviews_assumptionassessment",
    "reviews_markerreading",
    "reviews_exitconditionassessment",
    "reviews_decision",
]


@pytest.fixture
def database() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def launchers(tmp_path, database) -> Iterator[list[Launcher]]:
    """Launchers on one VAR_DIR and database, as `make run` twice in one checkout; each
    one started is stopped (by force after a failure) at the end."""
    started: list[Launcher] = []
    yield started
    for launcher in started:
        launcher.kill()
    if started:
        print(started[-1].tail(200))  # shown by pytest when the test failed


def start(launchers: list[Launcher], tmp_path, database: str) -> Launcher:
    launcher = Launcher(
        var_dir=tmp_path / "var", database_url=database, log_path=tmp_path / "launcher.log"
    )
    launchers.append(launcher)
    launcher.start()
    launcher.wait_healthy()
    return launcher


def edit_through_the_api(browser: Browser, objective_id: int, title: str) -> None:
    path = f"/api/v1/objectives/{objective_id}/"
    status, headers, _ = browser.json("GET", path)
    assert status == 200, status
    status, _, body = browser.json("PATCH", path, {"title": title}, **{"If-Match": headers["ETag"]})
    assert status == 200, body


def edit_through_the_page(browser: Browser, objective_id: int, description: str) -> None:
    path = f"/missions/UNSMK/objectives/{objective_id}/"
    status, _, page = browser.request("GET", path)
    assert status == 200, status
    [fields] = forms_in(page, lambda attrs: "editor" in attrs.get("class", "").split())
    fields = [(k, description if k == "description" else v) for k, v in fields]
    assert ("description", description) in fields, fields
    status, body = browser.post_form(path, fields)
    assert status == 200 and "saved" in body, body[-3000:]


def approve_a_version(browser: Browser, note: str) -> None:
    status, _, page = browser.request("GET", "/missions/UNSMK/versions/")
    assert status == 200, status
    action = "/missions/UNSMK/versions/approve/"
    [fields] = forms_in(page, lambda attrs: attrs.get("action") == action)
    fields = [(k, note if k == "note" else v) for k, v in fields]
    status, body = browser.post_form(action, fields)
    assert status == 200 and "approved" in body, body[-3000:]


def record(launcher: Launcher, objective_ids: list[int]) -> dict[str, Any]:
    """What must survive a restart, read straight from the database."""
    signed_off = [
        row[0]
        for row in launcher.sql(
            "SELECT r.id FROM reviews_review r JOIN missions_mission m ON m.id = r.mission_id "
            "WHERE m.acronym = 'UNSMK' AND r.status = 'signed_off' ORDER BY r.id"
        )
    ]
    state = {
        "objectives": launcher.sql(
            "SELECT id, title, description, revision FROM strategies_objective "
            "WHERE id = ANY(%s) ORDER BY id",
            [objective_ids],
        ),
        "signed_off_reviews": launcher.sql(
            "SELECT to_jsonb(r) FROM reviews_review r WHERE id = ANY(%s) ORDER BY id", [signed_off]
        ),
        "approved_versions": launcher.sql(
            "SELECT m.acronym, to_jsonb(v) FROM strategies_strategyversion v "
            "JOIN missions_mission m ON m.id = v.mission_id ORDER BY v.id"
        ),
    }
    for table in REVIEW_TABLES:
        state[table] = launcher.sql(
            f"SELECT to_jsonb(t) FROM {table} t WHERE review_id = ANY(%s) ORDER BY id",
            [signed_off],
        )
    return state


def seeder_history(launcher: Launcher) -> dict[str, int]:
    """How many history contexts the seeder opened, and how many events it recorded."""
    contexts = "SELECT id FROM pghistory_context WHERE metadata->>'source' = 'seed_demo'"
    counts = {"contexts": len(launcher.sql(contexts))}
    event_tables = launcher.sql(
        "SELECT table_name FROM information_schema.columns "
        "WHERE column_name = 'pgh_context_id' AND table_schema = 'public' ORDER BY table_name"
    )
    for (table,) in event_tables:
        counts[table] = launcher.sql(
            f'SELECT count(*) FROM "{table}" WHERE pgh_context_id IN ({contexts})'
        )[0][0]
    return counts


def test_a_restart_keeps_edits_reviews_and_versions_and_the_seeder_records_nothing(
    launchers, tmp_path, database
):
    first = start(launchers, tmp_path, database)
    browser = Browser(first)
    browser.log_in("editor")
    status, _, listing = browser.json("GET", "/api/v1/objectives/?mission=UNSMK&limit=100")
    assert status == 200, listing
    by_api, by_page = (row["id"] for row in listing["results"][:2])
    marker = uuid.uuid4().hex[:8]
    edit_through_the_api(browser, by_api, f"Edited through the API {marker}")
    edit_through_the_page(browser, by_page, f"Edited through the page {marker}")
    head_of_mission = Browser(first)
    head_of_mission.log_in("hom")
    approve_a_version(head_of_mission, f"Approved before the restart {marker}")

    before = record(first, [by_api, by_page])
    titles = {row[0]: row[1] for row in before["objectives"]}
    descriptions = {row[0]: row[2] for row in before["objectives"]}
    assert titles[by_api] == f"Edited through the API {marker}"
    assert descriptions[by_page] == f"Edited through the page {marker}"
    assert before["signed_off_reviews"], "the demo has a signed-off review of UNSMK"
    assert before["reviews_objectiveassessment"] and before["reviews_decision"]
    assert ("UNSMK", f"Approved before the restart {marker}") in {
        (acronym, version["note"]) for acronym, version in before["approved_versions"]
    }
    history_before = seeder_history(first)
    assert history_before["contexts"] >= 1, "the first start seeded the demo"

    assert first.interrupt(timeout=30) in INTERRUPTED, first.tail()
    second = start(launchers, tmp_path, database)

    after = record(second, [by_api, by_page])
    for part, rows in before.items():
        assert after[part] == rows, f"{part} changed across the restart\n{second.tail()}"
    assert seeder_history(second) == history_before, (
        f"the seeder recorded history on the second start\n{second.tail()}"
    )
    # ...and the app still shows the edits (not only the database).
    browser = Browser(second)
    browser.log_in("editor")
    status, _, objective = browser.json("GET", f"/api/v1/objectives/{by_page}/")
    assert (status, objective["description"]) == (200, f"Edited through the page {marker}")
    assert second.interrupt(timeout=30) in INTERRUPTED, second.tail()
