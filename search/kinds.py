"""The kinds of record built into the mission search: the strategy, the mandates' tasks, the
stakeholders and their positions, the conflict drivers, the reviews' assessments and decisions,
and comments. Evidence files register themselves (``evidence``, an app above this one).

Each hit links to the page where the record is read (and edited, for those who may), at the
record's own anchor where the page has one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mandates.models import MandatedTask
from missions.models import Mission, Stakeholder
from reviews.models import Decision, ObjectiveAssessment
from search.registry import SearchKind, scoped_rows, search_kind_register
from strategies.models import Comment, ConflictDriver, Objective, StakeholderPosition


def _url(name: str, mission: Mission, *args: Any, anchor: str = "") -> str:
    url = reverse(name, args=(mission.acronym, *args))
    return f"{url}#{anchor}" if anchor else url


def _objective_title(o: Objective) -> str:
    return f"{o.code} {o.title}"


def _task_title(t: MandatedTask) -> str:
    return gettext("OP %(reference)s, %(symbol)s") % {
        "reference": t.reference,
        "symbol": t.mandate.symbol,
    }


def _position_title(p: StakeholderPosition) -> str:
    return gettext("%(stakeholder)s on %(code)s: %(stance)s, %(date)s") % {
        "stakeholder": p.stakeholder.name,
        "code": p.objective.code,
        "stance": p.get_stance_display(),
        "date": p.as_of.isoformat(),
    }


def _review_period(review: Any) -> str:
    return gettext("%(start)s to %(end)s") % {
        "start": review.period_start.isoformat(),
        "end": review.period_end.isoformat(),
    }


def _assessment_title(a: ObjectiveAssessment) -> str:
    return gettext("%(code)s %(title)s, review of %(period)s") % {
        "code": a.objective.code,
        "title": a.objective.title,
        "period": _review_period(a.review),
    }


def _decision_title(d: Decision) -> str:
    if d.objective_id:
        about = d.objective.code
    elif d.task_id:
        about = gettext("OP %(reference)s") % {"reference": d.task.reference}
    else:
        about = d.component.name if d.component_id else ""
    return gettext("%(kind)s %(about)s, review of %(period)s") % {
        "kind": d.get_kind_display(),
        "about": about,
        "period": _review_period(d.review),
    }


def _comment_title(c: Comment) -> str:
    author = c.author.get_full_name() or c.author.username
    if c.objective_id:
        return gettext("%(author)s on %(code)s %(title)s") % {
            "author": author,
            "code": c.objective.code,
            "title": c.objective.title,
        }
    if c.version_id:
        return gettext("%(author)s on version %(number)s") % {
            "author": author,
            "number": c.version_number,
        }
    return author


def _comment_url(c: Comment, mission: Mission) -> str:
    # A reply is shown inside its thread, whose first comment holds the anchor.
    anchor = f"comment-{c.parent_id or c.pk}"
    if c.objective_id:
        return _url("strategies:objective_edit", mission, c.objective_id, anchor=anchor)
    if c.version_id:
        return _url("strategies:version_detail", mission, c.version_number, anchor=anchor)
    return _url("strategies:comments", mission) + "?state=all"


def _comment_rows(user: Any, mission: Mission) -> Any:
    # The version's number only: loading a version loads (and redacts) its whole snapshot.
    return scoped_rows(Comment, related=("author", "objective"))(user, mission).annotate(
        version_number=F("version__number")
    )


BUILT_IN = (
    SearchKind(
        key="objectives",
        label=_("Objectives"),
        order=10,
        rows=scoped_rows(Objective),
        fields=(("code", "A"), ("title", "A"), ("description", "B")),
        title=_objective_title,
        url=lambda o, m: _url("strategies:objective_edit", m, o.pk),
    ),
    SearchKind(
        key="tasks",
        label=_("Mandated tasks"),
        order=20,
        rows=scoped_rows(MandatedTask, related=("mandate",)),
        fields=(("reference", "A"), ("text", "B")),
        title=_task_title,
        url=lambda t, m: _url("strategies:alignment_task", m, t.pk),
    ),
    SearchKind(
        key="stakeholders",
        label=_("Stakeholders"),
        order=30,
        rows=scoped_rows(Stakeholder),
        fields=(("name", "A"), ("notes", "B")),
        title=lambda s: s.name,
        url=lambda s, m: _url("strategies:stakeholder_detail", m, s.pk),
    ),
    SearchKind(
        key="positions",
        label=_("Stakeholder positions"),
        order=40,
        rows=scoped_rows(StakeholderPosition, related=("stakeholder", "objective")),
        fields=(("note", "B"),),
        title=_position_title,
        url=lambda p, m: _url(
            "strategies:stakeholder_detail",
            m,
            p.stakeholder_id,
            anchor=f"history-{p.objective_id}",
        ),
    ),
    SearchKind(
        key="drivers",
        label=_("Conflict drivers"),
        order=50,
        rows=scoped_rows(ConflictDriver),
        fields=(
            ("title", "A"),
            ("description", "B"),
            ("leverage_points", "B"),
            ("entry_points", "B"),
        ),
        title=lambda d: d.title,
        url=lambda d, m: _url("strategies:drivers", m, anchor=f"driver-{d.pk}"),
    ),
    SearchKind(
        key="assessments",
        label=_("Objective assessments"),
        order=60,
        rows=scoped_rows(ObjectiveAssessment, related=("review", "objective")),
        fields=(("political_environment", "B"), ("evidence", "B")),
        title=_assessment_title,
        url=lambda a, m: _url("reviews:assess_objective", m, a.review_id, a.objective.code),
    ),
    SearchKind(
        key="decisions",
        label=_("Review decisions"),
        order=70,
        rows=scoped_rows(Decision, related=("review", "objective", "task", "component")),
        fields=(("rationale", "B"), ("outcome", "B")),
        title=_decision_title,
        url=lambda d, m: _url("reviews:detail", m, d.review_id, anchor=f"decision-{d.pk}"),
    ),
    SearchKind(
        key="comments",
        label=_("Comments"),
        order=80,
        rows=_comment_rows,
        fields=(("body", "B"),),
        title=_comment_title,
        url=_comment_url,
    ),
)


def register_built_in_kinds() -> None:
    for kind in BUILT_IN:
        search_kind_register(kind)
