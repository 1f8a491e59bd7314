"""Writing measured markers: how a marker is measured, and its dated values.

A marker's latest reading (the words every page and brief already print) follows its newest
value, so a measured marker reads the same everywhere. A value entered in a review is also
that review's reading of the marker, through the review's own service: the review's rules
(who assesses, only while it is open) hold for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from benchmarks.models import MarkerMeasure, MarkerValue
from benchmarks.rules import is_step
from benchmarks.services import keep_steps, require_entry
from core.concurrency import StaleEdit
from reviews.models import MarkerReading, Review
from reviews.services.assessments import marker_read
from strategies.models import ProgressMarker
from strategies.services.records import (
    apply_values,
    delete_at_revision,
    require_edit,
    update_at_revision,
)

MEASURE_FIELDS = ("unit", "scale", "baseline", "target", "direction")


def _mission_id(marker: ProgressMarker) -> int:
    return marker.objective.mission_id


def follow_values(marker: ProgressMarker) -> None:
    """The marker's latest reading becomes its newest value, as people read it."""
    measure = MarkerMeasure._base_manager.filter(marker=marker).first()
    newest = (
        MarkerValue._base_manager.filter(marker=marker).order_by("-read_on", "-pk").first()
        if measure
        else None
    )
    if newest is None:
        return
    ProgressMarker._base_manager.filter(pk=marker.pk).update(
        latest_reading=measure.shown(newest.value)[:300],
        reading_on=newest.read_on,
        revision=models.F("revision") + 1,
    )


@transaction.atomic
def measure_set(
    *,
    marker: ProgressMarker,
    values: Mapping[str, Any],
    expected_revision: int | None,
    by: AbstractBaseUser,
) -> MarkerMeasure:
    """Measure the marker, or change how. ``expected_revision`` None: the person saw no
    measure (one made meanwhile is then a conflict, raised by the one-to-one)."""
    require_edit(by, _mission_id(marker))
    current = MarkerMeasure.objects.filter(marker=marker).first()
    if current is None:
        measure = MarkerMeasure(
            marker=marker,
            mission_id=_mission_id(marker),
            classification=marker.classification,
            named_readers=list(marker.named_readers),
        )
        apply_values(measure, values, MEASURE_FIELDS)
        measure.save()
    else:
        if expected_revision is None:
            raise StaleEdit(current)
        apply_values(current, values, MEASURE_FIELDS)
        keep_steps(current, MarkerValue._base_manager.filter(marker_id=current.marker_id))
        measure = update_at_revision(current, values, MEASURE_FIELDS, expected=expected_revision)
    follow_values(marker)
    return measure


@transaction.atomic
def measure_clear(*, measure: MarkerMeasure, expected_revision: int, by: AbstractBaseUser) -> None:
    """Back to words: the values go with the measure; the latest reading stays as it reads."""
    require_edit(by, measure.mission_id)
    delete_at_revision(measure, expected=expected_revision)
    MarkerValue._base_manager.filter(marker_id=measure.marker_id).delete()


@transaction.atomic
def value_add(
    *,
    marker: ProgressMarker,
    value: Decimal,
    read_on: date,
    note: str = "",
    review: Review | None = None,
    by: AbstractBaseUser,
) -> MarkerValue:
    """A dated value; on a scale, a step number. In a review, it is the review's reading too."""
    measure = MarkerMeasure.objects.filter(marker=marker).first()
    if measure is None:
        raise ValidationError({"value": _("Say first how this marker is measured.")})
    require_entry(by, _mission_id(marker), review)
    if measure.scale and not is_step(value, measure.scale):
        raise ValidationError({"value": _("Choose one of the scale's steps.")})
    if review is not None:
        earlier = MarkerReading.objects.filter(review=review, marker=marker).first()
        marker_read(
            review=review,
            marker=marker,
            by=by,  # type: ignore[arg-type]
            reading=measure.shown(value),
            read_on=read_on,
            expected_revision=earlier.revision if earlier else None,
        )
    row = MarkerValue.objects.create(
        mission_id=_mission_id(marker),
        marker=marker,
        value=value,
        read_on=read_on,
        note=note.strip(),
        review=review,
        entered_by=by,
        classification=measure.classification,
        named_readers=list(measure.named_readers),
    )
    follow_values(marker)
    return row


@transaction.atomic
def value_delete(*, value: MarkerValue, by: AbstractBaseUser) -> None:
    require_edit(by, value.mission_id)
    MarkerValue._base_manager.filter(pk=value.pk).delete()
    follow_values(value.marker)


def measures_of(marker_ids: list[int]) -> dict[int, MarkerMeasure]:
    """The measured markers among ``marker_ids``, for the workbook import (one query)."""
    return {m.marker_id: m for m in MarkerMeasure.objects.filter(marker__in=marker_ids)}


def imported(marker: ProgressMarker, value: Decimal, read_on: date, by: AbstractBaseUser) -> None:
    """A value confirmed from a strategy workbook: it joins the series like any other."""
    value_add(marker=marker, value=value, read_on=read_on, note=_("From the workbook"), by=by)
