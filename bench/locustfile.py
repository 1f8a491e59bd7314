"""The people of ``bench/load.py``: each signs in once, then reads the main pages of their
missions with 0.5 to 1.5 s between clicks, and about one click in fourteen saves something
(or, with ``sign_in_only`` in the plan, stops once signed in).

Run by ``bench/load.py``, which prepares the database and the app and reads the results. It
can also run by hand against a server whose users match a plan file:
``BENCH_LOAD_PLAN=plan.json BENCH_LOAD_OUT=out.json locust -f bench/locustfile.py``.

BENCH_LOAD_PLAN names the JSON plan: the accounts (``username``, their missions and roles),
their common ``password`` and, per mission, the ids to visit. BENCH_LOAD_OUT is where every
request is written when the run ends (name, start, milliseconds, status, error), together
with the time the last sign-in finished, which starts the figures "after the logins".
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

PLAN: dict[str, Any] = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text())
SIGN_IN = "/accounts/login/"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
HTMX = {"HX-Request": "true"}
REVISED = " (revised)"

# Each simulated person signs in as the next account of the plan.
_accounts = itertools.cycle(PLAN["users"])
_samples: list[list[Any]] = []
_sign_ins = {"finished": 0, "last_at": None}


@events.request.add_listener
def _record(
    name: str,
    response_time: float,
    response: Any = None,
    exception: BaseException | None = None,
    start_time: float | None = None,
    **_: Any,
) -> None:
    status = getattr(response, "status_code", 0) or 0
    error = None if exception is None else f"{type(exception).__name__}: {exception}"[:300]
    _samples.append([name, start_time, round(response_time, 2), status, error])


@events.user_error.add_listener
def _record_crash(exception: BaseException, **_: Any) -> None:
    """A fault in this file (or a page it could not read) is an error of the run too."""
    error = f"{type(exception).__name__}: {exception}"[:300]
    _samples.append(["locustfile", time.time(), 0.0, 0, error])


@events.test_stop.add_listener
@events.quitting.add_listener
def _write(**_: Any) -> None:
    Path(os.environ["BENCH_LOAD_OUT"]).write_text(
        json.dumps({"samples": _samples, "sign_ins_done_at": _sign_ins["last_at"]})
    )


class _Forms(HTMLParser):
    """The forms of a page as a browser would submit them: (action, fields) with the checked
    boxes, the selected options and the text areas' text; disabled fields left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": [], "options": {}})
        if not self.forms or "disabled" in a:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "image", "reset", "file"}:
                fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self.forms[-1]["fields"].extend([self._select, v] for v in chosen)
            self.forms[-1]["options"][self._select] = [v for v, _ in self._options]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.forms[-1]["fields"].append([self._textarea, self._text.removeprefix("\n")])
            self._textarea = None


def form_with(html: str, field: str) -> dict[str, Any] | None:
    """The first form of the page that has ``field``."""
    parser = _Forms()
    parser.feed(html)
    return next((f for f in parser.forms if any(n == field for n, _ in f["fields"])), None)


def replace(fields: list[list[str]], name: str, value: str) -> None:
    for pair in fields:
        if pair[0] == name:
            pair[1] = value


class MissionMember(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        account = next(_accounts)
        self.missions: dict[str, str] = account["missions"]
        # Saves go to a mission where this person edits the strategy.
        self.editing = [m for m, role in self.missions.items() if role == "strategy_editor"]
        try:
            self._sign_in(account["username"])
        finally:
            _sign_ins["finished"] += 1
            if _sign_ins["finished"] == self.environment.parsed_options.num_users:
                _sign_ins["last_at"] = time.time()
        if PLAN.get("sign_in_only"):
            raise StopUser
        self._page("/", "my missions")

    def _sign_in(self, username: str) -> None:
        with self.client.get(SIGN_IN, name="sign-in page", catch_response=True) as page:
            form = form_with(page.text or "", "username") if page.status_code == 200 else None
            if form is None:
                page.failure(f"{page.status_code}: no sign-in form")
                raise StopUser
            page.success()
        fields = form["fields"]
        replace(fields, "username", username)
        replace(fields, "password", PLAN["password"])
        with self.client.post(
            SIGN_IN,
            data=urlencode([tuple(pair) for pair in fields]),
            headers=FORM,
            name="sign-in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location") or response.headers.get("location") or ""
            if response.status_code != 302 or location.startswith(SIGN_IN):
                response.failure(f"{response.status_code}: not signed in ({location or 'no'})")
                raise StopUser
            response.success()

    def _page(self, url: str, name: str, **kwargs: Any) -> Any:
        """GET a page; anything but 200 is an error (a redirect too: to the sign-in page)."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code == 200:
                response.success()
            else:
                where = response.headers.get("Location") or ""
                response.failure(f"{response.status_code} {where}".strip())
        return response

    def _mission(self, editing: bool = False) -> tuple[str, dict[str, Any]]:
        acronym = random.choice(self.editing if editing else list(self.missions))
        return acronym, PLAN["missions"][acronym]

    # --- Reads: 93 of every 100 clicks.

    @task(6)
    def my_missions(self) -> None:
        self._page("/", "my missions")

    @task(18)
    def overview(self) -> None:
        acronym, _ = self._mission()
        self._page(f"/missions/{acronym}/", "mission overview")

    @task(14)
    def objective(self) -> None:
        acronym, mission = self._mission()
        pk = random.choice(mission["objectives"])
        self._page(f"/missions/{acronym}/objectives/{pk}/", "objective page")

    @task(12)
    def positions(self) -> None:
        acronym, _ = self._mission()
        self._page(f"/missions/{acronym}/stakeholders/positions/", "positions matrix")

    @task(12)
    def contributions(self) -> None:
        acronym, _ = self._mission()
        self._page(f"/missions/{acronym}/contributions/", "contribution matrix")

    @task(11)
    def activity(self) -> None:
        acronym, _ = self._mission()
        self._page(f"/missions/{acronym}/activity/", "activity feed")

    @task(11)
    def review(self) -> None:
        acronym, mission = self._mission()
        self._page(f"/missions/{acronym}/reviews/{mission['review']}/", "review workspace")

    @task(9)
    def trends(self) -> None:
        acronym, _ = self._mission()
        self._page(f"/missions/{acronym}/reviews/trends/", "trends")

    # --- Writes: 7 of every 100 clicks, each a form read and then posted back.

    @task(4)
    def record_position(self) -> None:
        """In the positions matrix: open a cell's form in place, pick another stance, save."""
        acronym, mission = self._mission(editing=True)
        stakeholder = random.choice(mission["stakeholders"])
        objective = random.choice(mission["objectives"])
        url = f"/missions/{acronym}/stakeholders/positions/{stakeholder}/{objective}/"
        page = self._page(url, "position cell form", headers=HTMX)
        form = form_with(page.text or "", "stance") if page.status_code == 200 else None
        if form is None:
            return
        fields = form["fields"]
        current = dict(fields).get("stance", "")
        stances = [v for v in form["options"].get("stance", []) if v and v != current]
        replace(fields, "stance", random.choice(stances))
        replace(fields, "note", f"Load test, {time.strftime('%H:%M:%S')}")
        self._save(url, fields, "position save", ok=200, headers=HTMX)

    @task(3)
    def save_objective(self) -> None:
        """The objective editor: read the form, change the title, save the whole form."""
        acronym, mission = self._mission(editing=True)
        pk = random.choice(mission["objectives"])
        url = f"/missions/{acronym}/objectives/{pk}/"
        page = self._page(url, "objective page")
        form = form_with(page.text or "", "title") if page.status_code == 200 else None
        if form is None:
            return
        fields = form["fields"]
        title = dict(fields)["title"]
        revised = title.removesuffix(REVISED) if title.endswith(REVISED) else title + REVISED
        replace(fields, "title", revised)
        self._save(url, fields, "objective save", ok=302)

    def _save(
        self, url: str, fields: list[list[str]], name: str, *, ok: int, headers: dict | None = None
    ) -> None:
        """POST a form back. 409 (someone saved the same record since it was read) is the
        app doing its job: counted apart by bench/load.py, not as an error."""
        with self.client.post(
            url,
            data=urlencode([tuple(pair) for pair in fields]),
            headers={**FORM, **(headers or {})},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code in {ok, 409}:
                response.success()
            else:
                response.failure(f"{response.status_code}: not saved")
