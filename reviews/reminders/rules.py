"""The reminder rules, as data: what each looks at, when it fires, who gets it, where it links.

Days count in the mission's time zone. ``before`` offsets each fire once as a date draws near:
a run that missed the exact day still sends the one now due (the nearest offset not yet
passed), and the day's count goes in the period, so 14, 7 and 1 days are three reminders.
``after`` fires once when the date is that many days past. ``older_than`` lists what has gone
stale, once per mission per ISO week. An ``escalation`` reaches its audience whatever they
chose for the mission's reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from missions.models import Role


class About(StrEnum):
    """Which objects a rule looks at, and which of their dates it counts from."""

    REVIEW_OPENING = "review_opening"  # planned reviews, from opens_on
    REVIEW_DUE = "review_due"  # open reviews, from due_on
    REVIEW_OVERDUE = "review_overdue"  # planned or open reviews, from due_on
    REVIEW_CONCLUDED = "review_concluded"  # concluded reviews, from the day they concluded
    MANDATE_EXPIRY = "mandate_expiry"  # each mission's latest mandate, from expires_on
    REPORT_DUE = "report_due"  # reporting obligations not yet sent, from due_on
    STALE_POSITIONS = "stale_positions"  # latest position per stakeholder and objective, as_of
    STALE_EXIT_CONDITIONS = "stale_exit_conditions"  # exit conditions, last_assessed_on


class Audience(StrEnum):
    HEAD_OF_MISSION = Role.HEAD_OF_MISSION.value
    CHIEF_OF_STAFF = Role.CHIEF_OF_STAFF.value
    STRATEGY_EDITORS = Role.STRATEGY_EDITOR.value
    DESK_OFFICERS = Role.DESK_OFFICER.value
    PARTICIPANTS = "participants"  # the review's participants
    LEADS_WITH_GAPS = "leads_with_gaps"  # leads of components with unassessed contributions
    CHIEF_IF_UNRATED = "chief_if_unrated"  # the chief of staff, while objectives are unrated


@dataclass(frozen=True)
class Rule:
    code: str
    about: About
    audience: tuple[Audience, ...]
    link: str  # URL name of the page to act on, reversed when the reminder is sent
    subject: Promise
    body: Promise
    before: tuple[int, ...] = ()
    after: int | None = None
    older_than: int | None = None
    escalation: bool = False
    number: str = "days"  # the value whose count picks a plural subject or body


RULES: tuple[Rule, ...] = (
    Rule(
        code="review_opens",
        about=About.REVIEW_OPENING,
        audience=(Audience.CHIEF_OF_STAFF, Audience.PARTICIPANTS),
        before=(14, 7, 1),
        link="reviews:detail",
        subject=ngettext_lazy(
            "%(mission)s: the review of %(period)s opens in %(days)d day",
            "%(mission)s: the review of %(period)s opens in %(days)d days",
            "days",
        ),
        body=_(
            "The review of %(period)s opens on %(date)s and is due on %(due)s. "
            "Gather the evidence for your assessments now."
        ),
    ),
    Rule(
        code="contributions_unassessed",
        about=About.REVIEW_DUE,
        audience=(Audience.LEADS_WITH_GAPS,),
        before=(3,),
        link="reviews:assess_contributions",
        subject=ngettext_lazy(
            "%(mission)s: %(component)s's assessments are due in %(days)d day",
            "%(mission)s: %(component)s's assessments are due in %(days)d days",
            "days",
        ),
        body=_(
            "The review of %(period)s is due on %(due)s. These contributions of %(component)s "
            "have no assessment yet:\n%(items)s"
        ),
    ),
    Rule(
        code="objectives_unrated",
        about=About.REVIEW_DUE,
        audience=(Audience.CHIEF_IF_UNRATED,),
        before=(3,),
        link="reviews:detail",
        subject=ngettext_lazy(
            "%(mission)s: objectives still unrated, review due in %(days)d day",
            "%(mission)s: objectives still unrated, review due in %(days)d days",
            "days",
        ),
        body=_(
            "The review of %(period)s is due on %(due)s. These objectives have no progress "
            "rating yet:\n%(items)s"
        ),
    ),
    Rule(
        code="review_overdue",
        about=About.REVIEW_OVERDUE,
        audience=(Audience.CHIEF_OF_STAFF,),
        after=1,
        link="reviews:detail",
        subject=_("%(mission)s: the review of %(period)s is overdue"),
        body=_(
            "The review of %(period)s was due on %(date)s. If it is still not concluded "
            "7 days after that, the head of mission is told."
        ),
    ),
    Rule(
        code="review_overdue_escalated",
        about=About.REVIEW_OVERDUE,
        audience=(Audience.HEAD_OF_MISSION,),
        after=7,
        escalation=True,
        link="reviews:detail",
        subject=ngettext_lazy(
            "%(mission)s: the review of %(period)s is %(days)d day overdue",
            "%(mission)s: the review of %(period)s is %(days)d days overdue",
            "days",
        ),
        body=_(
            "The review of %(period)s was due on %(date)s and is not concluded. The chief of "
            "staff was reminded when it fell overdue."
        ),
    ),
    Rule(
        code="sign_off_pending",
        about=About.REVIEW_CONCLUDED,
        audience=(Audience.HEAD_OF_MISSION,),
        after=5,
        link="reviews:detail",
        subject=_("%(mission)s: the review of %(period)s awaits your sign-off"),
        body=_(
            "The review of %(period)s was concluded on %(date)s and is not signed off yet. "
            "Its decisions reach the strategy when you sign it off."
        ),
    ),
    Rule(
        code="mandate_expires",
        about=About.MANDATE_EXPIRY,
        audience=(Audience.STRATEGY_EDITORS, Audience.CHIEF_OF_STAFF, Audience.DESK_OFFICERS),
        before=(90, 60, 30),
        link="renewals:workspace",
        subject=ngettext_lazy(
            "%(mission)s: the mandate expires in %(days)d day",
            "%(mission)s: the mandate expires in %(days)d days",
            "days",
        ),
        body=_(
            "The mandate in %(mandate)s expires on %(date)s. Draft the mission's "
            "recommendations for the renewal: for each mandated task, keep, drop, resequence, "
            "reword or change its priority, with the reason."
        ),
    ),
    Rule(
        code="report_due",
        about=About.REPORT_DUE,
        audience=(Audience.CHIEF_OF_STAFF, Audience.DESK_OFFICERS),
        before=(30, 14, 7),
        link="council:for_obligation",
        subject=ngettext_lazy(
            "%(mission)s: %(report)s due to the Council in %(days)d day",
            "%(mission)s: %(report)s due to the Council in %(days)d days",
            "days",
        ),
        body=_(
            "%(report)s, asked for in %(mandate)s (%(paragraph)s), is due on %(date)s. Draft "
            "the mission's input and send it to Headquarters in time, then record the day it "
            "went on the mandate timeline."
        ),
    ),
    Rule(
        number="count",
        code="stale_positions",
        about=About.STALE_POSITIONS,
        audience=(Audience.STRATEGY_EDITORS,),
        older_than=180,
        link="strategies:positions",
        subject=ngettext_lazy(
            "%(mission)s: %(count)d stakeholder position not updated for 180 days",
            "%(mission)s: %(count)d stakeholder positions not updated for 180 days",
            "count",
        ),
        body=_("Update these positions, or confirm them as they stand:\n%(items)s"),
    ),
    Rule(
        number="count",
        code="stale_exit_evidence",
        about=About.STALE_EXIT_CONDITIONS,
        audience=(Audience.STRATEGY_EDITORS,),
        older_than=180,
        link="strategies:exit_conditions",
        subject=ngettext_lazy(
            "%(mission)s: %(count)d exit condition not assessed for 180 days",
            "%(mission)s: %(count)d exit conditions not assessed for 180 days",
            "count",
        ),
        body=_("Assess these exit conditions against fresh evidence:\n%(items)s"),
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
