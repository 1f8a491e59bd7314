"""Reading measured markers: each with its values, oldest first, for its page, the objective's
page, a review and a brief. Two queries whatever the number of markers and values; the default
managers keep out what the reader may not read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from benchmarks.models import MarkerMeasure, MarkerValue
from benchmarks.selectors import SeriesRow
from strategies.models import ProgressMarker


@dataclass
class MarkerRow(SeriesRow):
    marker: ProgressMarker

    def goal_label(self) -> str:
        return _("target: %(value)s") % {"value": self.goal_shown}

    @property
    def dom_id(self) -> str:
        return f"marker-series-{self.marker.pk}"


def marker_rows(markers: Iterable[ProgressMarker]) -> dict[int, MarkerRow]:
    """Each measured marker's series, by marker id; a marker read in words has none."""
    by_id = {m.pk: m for m in markers}
    measures = list(MarkerMeasure.objects.filter(marker__in=list(by_id)))
    values: dict[int, list[MarkerValue]] = {}
    if measures:
        for value in (
            MarkerValue.objects.filter(marker__in=[m.marker_id for m in measures])
            .select_related("entered_by", "review")
            .order_by("read_on", "pk")
        ):
            values.setdefault(value.marker_id, []).append(value)
    return {
        m.marker_id: MarkerRow(m, values.get(m.marker_id, []), by_id[m.marker_id]) for m in measures
    }


def marker_row(marker: ProgressMarker) -> MarkerRow | None:
    return marker_rows([marker]).get(marker.pk)
