"""The API keeps its published contract: schemathesis, every check, against a live server.

Schemathesis reads /api/schema/ and sends each operation valid and invalid requests (the
coverage phase's boundary values, then 20 generated per operation for the editor and 5 for
the desk officer, a fixed seed so a run can be repeated), as a strategy editor and as a desk
officer of a mission with one of each strategy record. Any response the schema does not describe, a
500, a valid request refused or an invalid one accepted fails the test with schemathesis's
own report. Schemathesis's settings are in tests/api/contract/schemathesis.toml, and its hook
(tests/api/contract/hooks.py) gives the requests it generates as valid the ids of real records.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strategies.models import Assumption, Risk
from tests.api.conftest import make_strategy
from tests.api.tokens import api_token_for
from tests.factories import MembershipFactory, ReviewFactory

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = Path(__file__).resolve().parent / "contract"
# The desk officer's reads are the editor's and its writes answer 403: 5 each is enough there
# (20 took 150 s of the suite). The editor's run is mostly the coverage phase's boundary values
# (10 examples instead of 20 saved 18 s of 445).
EXAMPLES_PER_OPERATION = {"strategy_editor": 20, "desk_officer": 5}
SEED = 12


def references(mission, user) -> dict:
    """The records a valid request may name (see tests/api/contract/hooks.py)."""
    strategy = make_strategy(mission)
    review = ReviewFactory(mission=mission)
    assumption = Assumption.objects.create(objective=strategy.objective, statement="Talks hold.")
    risk = Risk.objects.create(
        objective=strategy.objective, description="Spoilers.", severity="low"
    )
    return {
        "mission": mission.acronym,
        "objective": strategy.objective.pk,
        "parent": strategy.spare.pk,
        "component": strategy.own.pk,
        "task": strategy.task.pk,
        "mandate": strategy.task.mandate_id,
        "marker": strategy.objective.markers.get().pk,
        "contribution": strategy.own_contribution.pk,
        "stakeholder": strategy.stakeholder.pk,
        "exit_condition": strategy.exit_condition.pk,
        "indicator": strategy.exit_condition.indicators.get().pk,
        "depends_on": strategy.exit_condition.pk,  # the benchmark the world's handover waits on
        "review": review.pk,
        "assumption": assumption.pk,
        "risk": risk.pk,
        "owner": user.pk,
        "objectives": [strategy.objective.pk],
        "participants": [user.pk],
    }


def run_schemathesis(
    base_url: str, token: str, refs: dict, cwd: Path, phases: str, examples: int
) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        f"--config-file={CONTRACT / 'schemathesis.toml'}",
        "run",
        f"{base_url}/api/schema/?format=json",
        # Every check runs (schemathesis's default); tests/api/contract/schemathesis.toml turns
        # one off for one operation, which a --checks option would override.
        f"--max-examples={examples}",
        f"--seed={SEED}",
        "--generation-database=none",
        "--workers=2",
        "--request-timeout=30",
        "--no-color",
        "--phases=" + os.environ.get("CONTRACT_PHASES", phases),
        "--header",
        f"Authorization: Token {token}",
    ]
    env = dict(
        os.environ,
        SCHEMATHESIS_HOOKS="tests.api.contract.hooks",
        CONTRACT_REFERENCES=json.dumps(refs),
        PYTHONPATH=str(ROOT),
        NO_COLOR="1",
    )
    return subprocess.run(
        # Its own directory: schemathesis keeps a cache (.schemathesis/) where it runs.
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# Every phase for the editor, the stateful one (chains of calls through the schema's links)
# included. The desk officer's reads are the editor's reads and its writes all answer 403, so
# the coverage phase's boundary values (half the run) add nothing there. CONTRACT_PHASES=stateful
# (say) runs fewer while working on one.
PHASES = {
    "strategy_editor": "examples,coverage,fuzzing,stateful",
    "desk_officer": "examples,fuzzing,stateful",
}


@pytest.mark.parametrize("role", list(PHASES))
def test_the_api_keeps_its_schema(role, transactional_db, live_server, mission, settings, tmp_path):
    # Schemathesis sends a few thousand requests a minute; the rate limits have their own tests.
    settings.API_READ_RATE = settings.API_WRITE_RATE = "100000/minute"
    user = MembershipFactory(mission=mission, role=role).user
    refs = references(mission, user)
    started = time.monotonic()
    result = run_schemathesis(
        live_server.url,
        api_token_for(user),
        refs,
        tmp_path,
        PHASES[role],
        EXAMPLES_PER_OPERATION[role],
    )
    elapsed = time.monotonic() - started
    print(f"schemathesis as {role}: {elapsed:.0f}s\n{result.stdout[-3000:]}")
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
