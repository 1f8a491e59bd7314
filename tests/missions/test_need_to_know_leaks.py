"""The leak crawler: Strictly confidential text reaches no one who is not on its list.

On the demo mission, a position note, a conflict driver, a comment, an objective assessment,
a decision and an exit condition are written Strictly confidential, each carrying a canary,
with only the chief of staff named. The site is then crawled as the chief (every link from
every page, and every API list and detail), and each page and answer found is requested again
as every other demo login, an outsider and an anonymous visitor: the canary appears nowhere,
the records answer 404 by id as a missing id does, and API counts are the same as before the
records existed. Briefs are made for every audience by every login, the reminder and digest
jobs run and every calendar feed is read: the canary is in none of them either.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

import pghistory
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from missions.classification import Classification
from missions.models import Mission
from reviews.models import Decision, ObjectiveAssessment, Review
from strategies.models import (
    Comment,
    ConflictDriver,
    ExitCondition,
    Objective,
    StakeholderPosition,
)
from strategies.services.versions import version_approve
from strategy_app.api_urls import router

pytestmark = pytest.mark.django_db

CANARY = "QZX7-need-to-know-canary"
# Never followed: they end the session or change something.
SKIP = re.compile(r"^/(accounts/logout|logout|static/|media/|admin/logout|i18n/)")
PER_ROUTE = 3
HREF = re.compile(r'href="(/[^"]*)"')


def _login(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _route(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _api_rows(client: Client, prefix: str) -> tuple[int, str]:
    """(count, every row's JSON) of one API list, page by page."""
    url, text, count = f"/api/v1/{prefix}/?limit=200", [], 0
    while url:
        response = client.get(url, HTTP_ACCEPT="application/json")
        if response.status_code != 200:
            return -response.status_code, ""
        body = response.json()
        count = body.get("count", len(body.get("results", [])))
        text.append(response.content.decode())
        url = body.get("next")
    return count, "".join(text)


def _counts(client: Client) -> dict[str, int]:
    """Rows per API list (versions aside, as the test approves one after planting) and the
    changes the activity feed counts."""
    counts = {
        prefix: _api_rows(client, prefix)[0]
        for prefix, _v, _b in router.registry
        if prefix != "versions"
    }
    feed = client.get("/missions/UNSMK/activity/").content.decode()
    found = re.search(r'id="changes-title">[^<]*<span class="count">(\d+)<', feed)
    counts["activity"] = int(found.group(1)) if found else -1
    return counts


def _plant(mission: Mission) -> dict[str, object]:
    """The Strictly confidential records, new rows each, naming only the chief of staff."""
    chief = get_user_model().objects.get(username="chief")
    secret = {
        "classification": Classification.STRICTLY_CONFIDENTIAL,
        "named_readers": [chief.pk],
    }
    objective = Objective.objects.filter(mission=mission).first()
    stakeholder = mission.stakeholders.first()
    latest = StakeholderPosition.objects.filter(stakeholder=stakeholder).order_by("-as_of").first()
    as_of = (latest.as_of if latest else mission.today()) + timedelta(days=1)
    review = Review.objects.filter(mission=mission).order_by("-period_end").first()
    assessed = ObjectiveAssessment.objects.filter(review=review).values("objective_id")
    unassessed = Objective.objects.filter(mission=mission).exclude(pk__in=assessed).first()
    planted = {
        "position": StakeholderPosition.objects.create(
            stakeholder=stakeholder,
            objective=objective,
            stance="opposes",
            as_of=as_of,
            note=f"{CANARY} the president's channel",
            **secret,
        ),
        "driver": ConflictDriver.objects.create(
            mission=mission,
            level="national",
            title=f"{CANARY} driver",
            description=f"{CANARY} who funds whom",
            **secret,
        ),
        "comment": Comment.objects.create(
            mission=mission,
            author=chief,
            objective=objective,
            body=f"{CANARY} comment",
            **secret,
        ),
        "assessment": ObjectiveAssessment.objects.create(
            review=review,
            objective=unassessed,
            progress="at_risk",
            political_environment=f"{CANARY} assessment",
            **secret,
        ),
        "decision": Decision.objects.create(
            review=review,
            kind="adjust",
            objective=objective,
            rationale=f"{CANARY} decision",
            **secret,
        ),
    }
    # Never assessed, so stale: the reminder job would list it to the strategy editors.
    planted["exit_condition"] = ExitCondition.objects.create(
        end_state=mission.current_end_state,
        kind="security",
        description=f"{CANARY} benchmark",
        **secret,
    )
    driver = planted["driver"]
    driver.entry_points = f"{CANARY} the back channel"
    driver.save()
    return planted


def _deep_links(mission: Mission, planted: dict[str, object]) -> list[str]:
    """Pages no menu leads to directly: each planted record's own pages, the versions made
    before and after it and their comparison."""
    base = f"/missions/{mission.acronym}"
    position, driver = planted["position"], planted["driver"]
    review = planted["decision"].review
    number = mission.versions.order_by("-number").values_list("number", flat=True).first()
    return [
        f"{base}/history/position/{position.pk}/",
        f"{base}/history/driver/{driver.pk}/",
        f"{base}/stakeholders/{position.stakeholder_id}/",
        f"{base}/stakeholders/positions/{position.stakeholder_id}/{position.objective_id}/",
        f"{base}/drivers/{driver.pk}/edit/",
        f"{base}/reviews/{review.pk}/",
        f"{base}/reviews/{review.pk}/decisions/{planted['decision'].pk}/",
        f"{base}/reviews/{review.pk}/objectives/{planted['assessment'].objective.code}/",
        f"{base}/versions/{number}/",
        f"{base}/versions/compare/?from={number - 1}&to={number}",
        f"{base}/versions/compare/?from={number}&to=draft",
        f"{base}/activity/",
        f"{base}/activity/?kind=driver",
        f"{base}/activity/?kind=position",
        f"{base}/activity/?person={planted['comment'].author_id}",
        f"{base}/comments/",
    ]


def _said(response) -> str:
    """What a response says: a page's text, or every cell of a workbook and every paragraph
    and cell of a Word document (zipped: the canary would not show in their bytes)."""
    import io

    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(
            str(value) for ws in book for row in ws.iter_rows(values_only=True) for value in row
        )
    if "wordprocessingml" in kind:
        from docx import Document

        document = Document(io.BytesIO(response.content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    return response.content.decode(errors="replace")


def _crawl(client: Client, start: list[str]) -> dict[str, str]:
    """Every page reachable from ``start`` by links (a few per route): {url: route}."""
    seen: dict[str, str] = {}
    per_route: Counter[str] = Counter()
    queue = deque(start)
    while queue:
        url = queue.popleft()
        route = _route(urlsplit(url).path)
        if url in seen or route is None or SKIP.match(url):
            continue
        if per_route[route] >= PER_ROUTE and CANARY not in url:
            continue
        per_route[route] += 1
        seen[url] = route
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in HREF.findall(response.content.decode()):
                link = urldefrag(href.replace("&amp;", "&"))[0]
                if link not in seen:
                    queue.append(link)
    return seen


def _briefs_say(user, mission, planted, after) -> list[str]:
    """Every brief ``user`` may export (each subject, each audience they may choose), as HTML."""
    from briefs.audiences import as_exporter, audiences_for
    from briefs.content import Subject
    from briefs.rendering import compose
    from missions.policy import seat

    held = seat(user, mission)
    review = planted["decision"].review
    texts = []
    for subject in (
        Subject(mission),
        Subject(mission, version=after),
        Subject(mission, review=review),
    ):
        for audience in audiences_for(held.role if held else None):
            with as_exporter(user):
                html, cut = compose(subject, audience=audience, recipient="Canary check")
            texts.append(html)
            # Nor do the "withheld" lines count what the exporter may not read.
            assert all(item.level < Classification.STRICTLY_CONFIDENTIAL for item in cut.withheld)
    return texts


def _pdf_briefs(mission, planted, settings, tmp_path) -> tuple[list, list]:
    """Real PDFs through the worker's path: the chief's for leadership (the canary is in it)
    and for troop contributors (the canary withheld), and the editor's for each audience."""
    from briefs.models import Brief
    from briefs.services import brief_produce, brief_request

    settings.MEDIA_ROOT = tmp_path
    review = planted["decision"].review
    people = get_user_model().objects.in_bulk(["chief", "editor"], field_name="username")
    made: dict[str, list] = {"chief": [], "editor": []}
    for name, audiences, recipient in (
        ("chief", ("leadership", "tcc_pcc", "hq"), "SRSG"),
        ("editor", ("leadership", "hq", "tcc_pcc", "unct"), "Canary check"),
    ):
        for audience in audiences:
            made[name].append(
                brief_request(
                    mission=mission,
                    by=people[name],
                    review=review,
                    audience=audience,
                    recipient=recipient,
                ).brief
            )
    chiefs, others = made["chief"], made["editor"]
    for brief in chiefs + others:
        assert brief_produce(brief.pk) == "ready"
    return [Brief._base_manager.get(pk=b.pk) for b in chiefs], [
        Brief._base_manager.get(pk=b.pk) for b in others
    ]


def _pdf_text(brief, tmp_path) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", brief.file.path, "-"], check=True, capture_output=True, text=True
    ).stdout


def test_strictly_confidential_text_reaches_only_those_named(demo, settings, tmp_path):
    mission = Mission.objects.get(acronym="UNSMK")
    before = {name: _counts(_login(name)) for name in ("editor", "lead", "desk", "viewer", "admin")}
    hom_user = get_user_model().objects.get(username="hom")
    version_approve(mission=mission, by=hom_user, note="Before")
    chief_user = get_user_model().objects.get(username="chief")
    with pghistory.context(user=chief_user.pk, mission=mission.acronym):
        planted = _plant(mission)
    after = version_approve(mission=mission, by=hom_user, note="After")

    chief = _login("chief")
    pages = _crawl(chief, ["/", f"/missions/{mission.acronym}/", *_deep_links(mission, planted)])
    seen_by_chief = [url for url in pages if CANARY in _said(chief.get(url))]
    # The chief is on the list: the canary is there to be found, or this crawl proves nothing.
    assert len(seen_by_chief) >= 3, seen_by_chief
    api_urls = [f"/api/v1/{prefix}/?limit=200" for prefix, _v, _b in router.registry]
    api_urls += [
        f"/api/v1/versions/{after.pk}/",
        f"/api/v1/versions/compare/?mission={mission.acronym}&from={after.number - 1}"
        f"&to={after.number}",
        f"/api/v1/versions/compare/?mission={mission.acronym}&from={after.number - 1}&to=draft",
    ]
    api_urls += [
        f"/api/v1/{prefix}/{record.pk}/"
        for prefix, viewset, _b in router.registry
        for record in planted.values()
        if viewset.serializer_class.Meta.model is type(record)
    ]
    chief_api = "".join(chief.get(url).content.decode() for url in api_urls)
    assert chief_api.count(CANARY) >= 5
    # The head of mission reads every Strictly confidential record of the mission.
    hom = _login("hom")
    for url in seen_by_chief:
        response = hom.get(url)
        assert response.status_code == 403 or CANARY in _said(response), url

    # Briefs: the chief's leadership brief prints the canary; the chief's brief for troop
    # contributors leaves it out with a line, and so is for those on the list only.
    chiefs, editors = _pdf_briefs(mission, planted, settings, tmp_path)
    assert CANARY in _pdf_text(chiefs[0], tmp_path)
    for brief in chiefs[1:]:
        assert CANARY not in _pdf_text(brief, tmp_path)
        assert "Withheld from this audience" in _pdf_text(brief, tmp_path)
    for brief in editors:
        assert CANARY not in _pdf_text(brief, tmp_path), brief.audience
    brief_urls = [
        f"/missions/{mission.acronym}/briefs/{brief.pk}/{tail}"
        for brief in chiefs
        for tail in ("", "status/", "download/")
    ]
    brief_urls.append(f"/missions/{mission.acronym}/briefs/")

    # The jobs that write to people: reminders (in-app and email), the weekly digest, and each
    # person's calendar feed.
    from core.models import OutboxEmail
    from notifications.models import Notification
    from notifications.services import calendar_feed_create, send_weekly_digests
    from reviews.reminders.delivery import send_reminders

    send_reminders()
    send_weekly_digests()
    readers = {"chief", "hom"}
    for email in OutboxEmail.objects.exclude(recipient__username__in=readers):
        assert CANARY not in email.subject + email.text, email.recipient
    for note in Notification.objects.exclude(user__username__in=readers):
        assert CANARY not in note.subject + note.body, note.user
    feeds = {
        user.username: calendar_feed_create(user=user).token
        for user in get_user_model().objects.filter(is_active=True)
    }
    for token in feeds.values():
        assert CANARY not in Client().get(f"/calendar/{token}.ics").content.decode()

    leaks = []
    for name in ["editor", "lead", "desk", "viewer", "admin", "observer", None]:
        client = _login(name)
        user = get_user_model().objects.filter(username=name).first() if name else None
        if user is not None:
            for text in _briefs_say(user, mission, planted, after):
                if CANARY in text:
                    leaks.append((name, "brief"))
        for url in brief_urls:
            response = client.get(url)
            text = b"".join(response) if response.streaming else response.content
            assert CANARY.encode() not in text, (name, url)
            if url.endswith("/briefs/") and name != "desk":
                assert "SRSG" not in response.content.decode(), name  # the chief's, unlisted
            elif f"/{chiefs[2].pk}/" in url and name == "desk":
                # Made for HQ: HQ reads it, withheld lines included, never which record.
                assert response.status_code == 200, url
            elif not url.endswith("/briefs/"):
                assert response.status_code in (302, 404), (name, url)
        for url in [*pages, *api_urls]:
            response = client.get(url, HTTP_ACCEPT="application/json")
            if CANARY in _said(response):
                leaks.append((name, url))
        for prefix, viewset, _b in router.registry:
            for record in planted.values():
                if viewset.serializer_class.Meta.model is type(record):
                    response = client.get(f"/api/v1/{prefix}/{record.pk}/")
                    missing = client.get(f"/api/v1/{prefix}/987654321/")
                    assert response.status_code == missing.status_code, (name, prefix)
        if name in before:
            assert _counts(client) == before[name], name
    assert not leaks, leaks
