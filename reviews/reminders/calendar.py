"""A person's private iCal feed: review due dates, sign-off deadlines, mandate expiries and
reports due to the Council of the missions they hold a role in, as all-day events.

The address carries a random token (``missions.models.CalendarFeed``); calendar programs cannot
log in, so the token is the credential, and revoking it (deleting the row) ends access.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from core.audit import audit_first_in, audit_record
from core.models import AuditKind
from mandates.models import Mandate, ReportingObligation
from missions.models import Mission
from missions.need_to_know import reading_as
from notifications.models import CalendarFeed
from notifications.services import absolute
from reviews.models import Review, ReviewStatus
from reviews.reminders.engine import period_words

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# The head of mission signs a concluded review off within this many days (the reminder rule).
SIGN_OFF_DAYS = 5


def page(name: str, mission: Mission, **kwargs: object) -> str:
    """An absolute link to a page, or to the mission's overview if the page does not exist."""
    try:
        url = reverse(name, kwargs={"acronym": mission.acronym, **kwargs})
    except NoReverseMatch:
        url = mission.get_absolute_url()
    return absolute(url)


def _event(uid: str, day: date, summary: str, description: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", f"{description}\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_for(user: AbstractBaseUser) -> bytes:
    """The feed's text: events of every mission ``user`` may see."""
    missions = {m.pk: m for m in Mission.objects.visible_to(user).order_by("acronym")}
    cal = Calendar()
    cal.add("prodid", "-//Mission political strategy workbench//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Strategy workbench: review and mandate dates"))
    reviews = (
        Review.objects.filter(mission_id__in=missions)
        .exclude(status=ReviewStatus.SIGNED_OFF)
        .order_by("mission_id", "due_on")
    )
    for review in reviews:
        mission = missions[review.mission_id]
        words = {
            "mission": mission.acronym,
            "period": period_words(review.period_start, review.period_end),
        }
        link = page("reviews:detail", mission, pk=review.pk)
        cal.add_component(
            _event(
                f"review-{review.pk}-due",
                review.due_on,
                _("%(mission)s: review of %(period)s due") % words,
                _("Status: %(status)s") % {"status": review.get_status_display()},
                link,
            )
        )
        if review.status == ReviewStatus.CONCLUDED and review.concluded_at:
            concluded_on = timezone.localdate(review.concluded_at, timezone=mission.zone)
            cal.add_component(
                _event(
                    f"review-{review.pk}-sign-off",
                    concluded_on + timedelta(days=SIGN_OFF_DAYS),
                    _("%(mission)s: sign-off of the review of %(period)s due") % words,
                    _("Concluded on %(date)s; the head of mission signs it off.")
                    % {"date": concluded_on.isoformat()},
                    link,
                )
            )
    latest = (
        Mandate.objects.filter(mission_id__in=missions, expires_on__isnull=False)
        .order_by("mission_id", "-adopted_on", "-pk")
        .distinct("mission_id")
    )
    for mandate in latest:
        mission = missions[mandate.mission_id]
        cal.add_component(
            _event(
                f"mandate-{mandate.pk}-expiry",
                mandate.expires_on,
                _("%(mission)s: mandate %(symbol)s expires")
                % {"mission": mission.acronym, "symbol": mandate.symbol},
                _("The Security Council renews or ends the mandate by this date."),
                page("mandates:timeline", mission),
            )
        )
    obligations = (
        ReportingObligation.objects.filter(mandate__mission_id__in=missions)
        .select_related("mandate")
        .order_by("due_on", "pk")
    )
    for obligation in obligations:
        mission = missions[obligation.mandate.mission_id]
        words = {"mission": mission.acronym, "report": obligation.short_label}
        summary = (
            _("%(mission)s: %(report)s sent to the Council")
            if obligation.submitted_on
            else _("%(mission)s: %(report)s due to the Council")
        ) % words
        asked = _("Asked for in %(symbol)s") % {"symbol": obligation.mandate.symbol}
        if obligation.reference:
            asked += ", " + _("OP %(ref)s") % {"ref": obligation.reference}
        cal.add_component(
            _event(
                f"obligation-{obligation.pk}-due",
                obligation.due_on,
                summary,
                f"{asked}.\n{obligation.excerpt}".strip(),
                page("mandates:timeline", mission) + f"#obligation-{obligation.pk}",
            )
        )
    return cal.to_ical()


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    found = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    # Read as the feed's owner, like every other way out (need to know).
    with translation.override(settings.LANGUAGE_CODE), reading_as(found.user):
        body = calendar_for(found.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="strategy-workbench.ics"'
    # Calendar clients poll the feed: the first fetch of each hour is enough for the log.
    if audit_first_in(f"calendar-feed:{found.pk}", hours=1):
        audit_record(
            kind=AuditKind.EXPORT,
            request=request,
            user=found.user,
            target="calendar",
            detail={"format": "ical", "feed": found.pk},
        )
    return response
