"""A finding of the benchmarks: an indicator past its target date whose latest reading does
not meet its threshold (or that has none). A reading that crosses the threshold takes it off
the list. Registered with the strategy's findings in ``BenchmarksConfig.ready``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from benchmarks.models import Direction, Indicator, IndicatorReading
from strategies.selectors.findings import Rule


def indicators_overdue(ids: Iterable[int], today: date) -> QuerySet:
    latest = (
        IndicatorReading._base_manager.filter(indicator=OuterRef("pk"))
        .order_by("-read_on", "-pk")
        .values("value")[:1]
    )
    return (
        Indicator.objects.filter(
            mission__in=ids,
            target_date__lt=today,
            exit_condition__end_state__superseded_on__isnull=True,
        )
        .alias(latest=Subquery(latest))
        .filter(
            Q(latest__isnull=True)
            | Q(direction=Direction.AT_LEAST, latest__lt=F("threshold"))
            | Q(direction=Direction.AT_MOST, latest__gt=F("threshold"))
        )
    )


INDICATOR_OVERDUE = Rule(
    "indicator_overdue",
    _("Benchmark indicator past its target date and not met"),
    "mission",
    indicators_overdue,
    lambda: {"name": "name", "owner": "owner_name", "target_date": "target_date"},
    "benchmarks:indicator",
    per_record=True,
    # Written when read, in the reader's language and date format.
    subject=lambda v: (
        gettext("%(name)s (%(owner)s): target date %(date)s")
        % {
            "name": v["name"],
            "owner": v["owner"],
            "date": date_format(date.fromisoformat(v["target_date"])),
        }
    ),
)
