"""The finding "a rating with no evidence".

A *rating* is an objective's progress rating (an ``ObjectiveAssessment``) in the mission's
latest review that is over (concluded or signed off: the ratings the mission now stands on).
It has *no evidence* when its evidence text is blank and no file is attached to it. Ratings of
older reviews are history, and those of an open review are still being written, so neither is
a finding. It is fixed on the review's page for that objective, by attaching a file (allowed
whatever the review's state, since a file supports a rating without changing it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidence.models import EvidenceFile
from reviews.models import DONE, ObjectiveAssessment, Progress, Review
from strategies.selectors.findings import Rule


def ratings_without_evidence(ids: Iterable[int], today: date) -> QuerySet:
    latest_done = Subquery(
        Review.objects.filter(mission=OuterRef("review__mission"), status__in=DONE)
        .order_by("-period_start", "-pk")
        .values("pk")[:1]
    )
    files = EvidenceFile.objects.filter(assessment=OuterRef("pk"))
    return (
        ObjectiveAssessment.objects.filter(review__mission__in=ids, review=latest_done, evidence="")
        .filter(~Exists(files))
        .select_related("objective", "review")
    )


def _subject(values: dict) -> str:
    """Written when read, in the reader's language and date format."""
    progress = values["progress"]
    return gettext("%(code)s (%(rating)s, review from %(date)s)") % {
        "code": values["code"],
        "rating": Progress(progress).label if progress in Progress.values else progress,
        "date": date_format(date.fromisoformat(values["period_start"])),
    }


RATING_WITHOUT_EVIDENCE = Rule(
    "rating_without_evidence",
    _("Objective rating with no evidence"),
    "review__mission",
    ratings_without_evidence,
    lambda: {
        "code": "objective__code",
        "progress": "progress",
        "period_start": "review__period_start",
    },
    "evidence:assessment",
    per_record=True,
    subject=_subject,
)
