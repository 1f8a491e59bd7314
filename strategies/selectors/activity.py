"""Reads over the change history that django-pghistory keeps (database triggers).

Turns raw events into entries a person can read: when, who, what happened to which record,
and each changed field in words (choice labels, names instead of ids). Names are looked up
once per page for all entries together, so a page costs the same whatever its length.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import QuerySet, Value
from django.http import Http404
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pghistory.models import Events

from core import compiled, times
from core.history import person_name
from mandates.models import Mandate, MandatedTask, ReportingObligation, obligation_label
from missions.models import Component, EndState, Membership, Mission, Stakeholder
from missions.need_to_know import current_reader, hidden_history, may_read_marked
from strategies.models import (
    Assumption,
    ConflictDriver,
    Contribution,
    DriverObjective,
    ExitCondition,
    Objective,
    ProgressMarker,
    Risk,
    StakeholderPosition,
    TaskAlignment,
)

if TYPE_CHECKING:
    pass

# Records whose history has its own page, by the name used in URLs, with the path from the
# record to its mission (to refuse a record of another mission).
TRACKED: dict[str, tuple[type[models.Model], str]] = {
    "objective": (Objective, "mission"),
    "assumption": (Assumption, "objective__mission"),
    "risk": (Risk, "objective__mission"),
    "marker": (ProgressMarker, "objective__mission"),
    "contribution": (Contribution, "objective__mission"),
    "alignment": (TaskAlignment, "objective__mission"),
    "position": (StakeholderPosition, "objective__mission"),
    "driver": (ConflictDriver, "mission"),
    "exitcondition": (ExitCondition, "end_state__mission"),
    "endstate": (EndState, "mission"),
    "stakeholder": (Stakeholder, "mission"),
    "component": (Component, "mission"),
    "task": (MandatedTask, "mandate__mission"),
}
# Also in the activity feed, without a page of their own.
FEED_ONLY: dict[str, type[models.Model]] = {
    "mandate": Mandate,
    "driverlink": DriverObjective,
    "obligation": ReportingObligation,
}
FEED_MODELS: dict[str, type[models.Model]] = {
    **{key: model for key, (model, _path) in TRACKED.items()},
    **FEED_ONLY,
}
_KEY_OF_MODEL = {model._meta.label: key for key, model in FEED_MODELS.items()}
# How a higher app's record is named, from its event's data and the page's names.
_SUBJECTS: dict[str, Callable[[dict[str, Any], _Names], str]] = {}


def feed_register(
    key: str, model: type[models.Model], subject: Callable[[dict[str, Any], _Names], str]
) -> None:
    """Add a higher app's record to the feed (its ``AppConfig.ready``), without this module
    importing it. ``subject(data, names)`` names one from its event's columns; the rows its
    links name are read for the whole page at once (``names.get(Model, pk)``)."""
    FEED_ONLY[key] = FEED_MODELS[key] = model
    _KEY_OF_MODEL[model._meta.label] = key
    _SUBJECTS[key] = subject


# Columns never worth showing: bookkeeping, or fixed for the record's life.
_HIDDEN_COLUMNS = {"id", "revision", "mission_id"}

_WHAT = {"insert": "created", "update": "changed", "delete": "deleted"}
WHAT_LABELS = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
}


class FieldChange(NamedTuple):
    label: str
    before: str
    after: str


@dataclass
class Entry:
    """One event in words."""

    when: datetime
    who: str | None  # None: made outside a signed-in request (a command, the demo seed)
    what: str  # "created", "changed" or "deleted"
    kind: str  # the record's name in FEED_MODELS
    kind_label: str
    record_pk: int
    subject: str
    changes: list[FieldChange] = field(default_factory=list)
    source: str = ""
    # Set when the change applied a decision of a signed-off review: the draft's changes are
    # tracked to the review that decided them.
    review_id: int | None = None
    review_label: str = ""

    @property
    def what_label(self) -> str:
        return str(WHAT_LABELS[self.what])

    @property
    def has_page(self) -> bool:
        return self.kind in TRACKED


def event_model(model: type[models.Model]) -> type[models.Model]:
    return apps.get_model(model._meta.app_label, f"{model._meta.object_name}Event")


def kind_choices() -> list[tuple[str, str]]:
    """Kinds of record for the feed's filter, by their names in the interface."""
    choices = [(key, capfirst(str(model._meta.verbose_name))) for key, model in FEED_MODELS.items()]
    return sorted(choices, key=lambda c: c[1].lower())


def mission_people(mission: Mission) -> list[tuple[int, str]]:
    """The mission's members as (user id, name), for the feed's person filter."""
    rows = Membership.objects.filter(mission=mission).select_related("user")
    people = [(m.user_id, person_name(m.user)) for m in rows]
    return sorted(people, key=lambda p: p[1].lower())


class FeedEvent(NamedTuple):
    """One history event as the feed reads it: the shape of pghistory's ``Events``."""

    pgh_obj_model: str
    pgh_obj_id: int
    pgh_label: str
    pgh_created_at: datetime
    pgh_data: dict[str, Any]
    pgh_diff: dict[str, list[Any]]
    pgh_context: dict[str, Any]


@dataclass
class FeedPage:
    """A page of the feed. Uncounted: counting would read every event the mission has."""

    entries: list[Entry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def mission_activity(
    mission: Mission,
    *,
    user_id: int | None = None,
    kind: str | None = None,
    page: int = 1,
    size: int = 50,
) -> FeedPage:
    """A page of the events of the mission's strategy records, newest first.

    Each record kind's history is read through its (mission, time) index for the rows up to
    the page's end only, so the cost follows the page, never the other missions' history;
    the page's events are then read whole, with the event before each for its changes.
    """
    stop = page * size + 1  # one more than shown: is there a next page?
    rows = compiled.rows(
        ("feed", mission.pk, user_id, kind, page, size),
        lambda: feed_rows(mission, user_id=user_id, kind=kind, stop=stop)[(page - 1) * size : stop],
    )
    shown = rows[:size]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for _when, pgh_id, key in shown:
        by_kind[key].append(pgh_id)
    found = {}
    for key, ids in by_kind.items():
        found.update({(key, e_id): e for e_id, e in _events_with_previous(FEED_MODELS[key], ids)})
    events = [found[(key, pgh_id)] for _when, pgh_id, key in shown]
    return FeedPage(entries=entries_for(events), number=page, has_next=len(rows) > size)


def feed_rows(mission: Mission, *, user_id: int | None, kind: str | None, stop: int) -> QuerySet:
    """(time, event id, kind) of the mission's events, newest first, read up to ``stop``."""
    chosen = {kind: FEED_MODELS[kind]} if kind else FEED_MODELS
    reader = current_reader()
    branches = []
    for key, model in chosen.items():
        events = event_model(model).objects.filter(pgh_mission_id=mission.pk)
        if user_id:
            events = events.filter(pgh_context__metadata__user=user_id)
        if reader is not None:
            events = events.exclude(hidden_history(model, reader, mission.pk))
        branches.append(
            events.annotate(feed_kind=Value(key))
            .values_list("pgh_created_at", "pgh_id", "feed_kind")
            .order_by("-pgh_created_at", "-pgh_id")
        )
    if len(branches) > 1:
        first, *rest = (branch[:stop] for branch in branches)
        return first.union(*rest, all=True).order_by("-pgh_created_at", "-pgh_id", "feed_kind")
    return branches[0]


def _events_with_previous(
    model: type[models.Model], ids: list[int]
) -> Iterable[tuple[int, FeedEvent]]:
    """Events of one history table by id, with their changes from the event before each."""
    table = connection.ops.quote_name(event_model(model)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT e.pgh_id, e.pgh_label, e.pgh_created_at, e.pgh_obj_id,
                   row_to_json(e)::text, c.metadata::text,
                   (SELECT row_to_json(p)::text FROM {table} p
                     WHERE p.pgh_obj_id = e.pgh_obj_id AND p.pgh_id < e.pgh_id
                     ORDER BY p.pgh_id DESC LIMIT 1)
              FROM {table} e LEFT JOIN pghistory_context c ON c.id = e.pgh_context_id
             WHERE e.pgh_id = ANY(%s)
            """,
            [ids],
        )
        rows = cursor.fetchall()
    label = model._meta.label
    for pgh_id, what, when, obj_id, data, context, previous in rows:
        current = _own_columns(json.loads(data))
        before = _own_columns(json.loads(previous)) if previous else {}
        diff = {
            column: [before[column], value]
            for column, value in current.items()
            if column in before and before[column] != value
        }
        yield (
            pgh_id,
            FeedEvent(
                label, obj_id, what, when, current, diff, json.loads(context) if context else {}
            ),
        )


def _own_columns(row: dict[str, Any]) -> dict[str, Any]:
    """A history row without its bookkeeping columns: the record as it was."""
    return {column: value for column, value in row.items() if not column.startswith("pgh_")}


def record_history(obj: models.Model, *, limit: int | None = None) -> list[Entry]:
    """What happened to one record, newest first; ``limit`` keeps only the latest entries,
    so a page showing a few recent changes does not read and word the whole history."""
    events = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id")
    return entries_for(events[:limit] if limit else events)


def entries_for(events: Iterable[Events | FeedEvent]) -> list[Entry]:
    """Events in words; one query for the people and one per kind of record they name."""
    events = list(events)
    names = _Names()
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        if (user_id := (event.pgh_context or {}).get("user")) is not None:
            names.want(get_user_model(), user_id)
        columns = _columns(model)
        for column, value in (event.pgh_data or {}).items():
            if (target := _target(columns, column)) is not None:
                names.want(target, value)
        for column, pair in (event.pgh_diff or {}).items():
            if (target := _target(columns, column)) is not None:
                for value in pair:
                    names.want(target, value)
    names.load()
    return [_entry(event, names) for event in events]


# Internals ---------------------------------------------------------------------------------


def _columns(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.column: f for f in model._meta.concrete_fields}


def _target(columns: dict[str, models.Field], column: str) -> type[models.Model] | None:
    found = columns.get(column)
    if found is not None and found.is_relation and column not in _HIDDEN_COLUMNS:
        return found.related_model
    return None


class _Names:
    """Related rows named by id, fetched in one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[int, models.Model]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if isinstance(pk, int):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            qs = model._default_manager.all()
            if model is MandatedTask:
                qs = qs.select_related("mandate")
            # A record whose name reads a related row says so (``named_with``), so naming
            # twenty of them is still one query.
            if related := getattr(model, "named_with", ()):
                qs = qs.select_related(*related)
            self.found[model] = qs.in_bulk(ids)

    def get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self.found.get(model, {}).get(pk)

    def name(self, model: type[models.Model], pk: Any) -> str:
        if pk is None:
            return "—"
        obj = self.get(model, pk)
        if obj is None:
            return _("record %(id)s (since deleted)") % {"id": pk}
        if model is get_user_model():
            return person_name(obj)
        return str(obj)

    def code(self, pk: Any) -> str:
        """An objective by its code alone, for compact record names."""
        obj = self.get(Objective, pk)
        return obj.code if obj else _("objective %(id)s") % {"id": pk}


def _short(text: Any, length: int = 90) -> str:
    return Truncator(str(text or "")).chars(length)


def _subject(key: str, data: dict[str, Any], names: _Names) -> str:
    """A record's name from its event data (the row may since have been deleted)."""
    if key in _SUBJECTS:
        return _SUBJECTS[key](data, names)
    name = names.name
    if key == "objective":
        return f"{data.get('code')} {data.get('title')}"
    if key in {"assumption", "marker"}:
        return f"{names.code(data.get('objective_id'))}: {_short(data.get('statement'))}"
    if key == "risk":
        return f"{names.code(data.get('objective_id'))}: {_short(data.get('description'))}"
    if key == "contribution":
        component = name(Component, data.get("component_id"))
        return f"{component} → {names.code(data.get('objective_id'))}"
    if key == "alignment":
        task = names.get(MandatedTask, data.get("task_id"))
        reference = (
            _("OP %(ref)s") % {"ref": task.reference}
            if task
            else name(MandatedTask, data.get("task_id"))
        )
        return f"{reference} → {names.code(data.get('objective_id'))}"
    if key == "position":
        return _("%(stakeholder)s on %(objective)s") % {
            "stakeholder": name(Stakeholder, data.get("stakeholder_id")),
            "objective": names.code(data.get("objective_id")),
        }
    if key == "driver":
        return str(data.get("title"))
    if key == "driverlink":
        driver = name(ConflictDriver, data.get("driver_id"))
        return f"{driver} ← {names.code(data.get('objective_id'))}"
    if key in {"exitcondition", "endstate"}:
        return _short(data.get("description") or data.get("statement"))
    if key in {"stakeholder", "component"}:
        return str(data.get("name"))
    if key == "task":
        return _("OP %(ref)s") % {"ref": data.get("reference")}
    if key == "mandate":
        return str(data.get("symbol"))
    if key == "obligation":
        label = data.get("title") or obligation_label(
            str(data.get("kind")), data.get("every_days"), data.get("every_months")
        )
        return f"{label}, {data.get('due_on')}"
    return str(data.get("id"))


def _show(model_field: models.Field, value: Any, names: _Names) -> str:
    """A stored value in words: labels for choices, names for links, dates as dates."""
    if value is None or value == "" or value == []:
        return "—"
    if model_field.is_relation:
        return names.name(model_field.related_model, value)
    if isinstance(model_field, ArrayField):
        return ", ".join(_show(model_field.base_field, v, names) for v in value) or "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(model_field, models.DateTimeField):
        try:
            return times.when(datetime.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if isinstance(model_field, models.DateField):
        try:
            return formats.date_format(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _entry(event: Events, names: _Names) -> Entry:
    model = apps.get_model(event.pgh_obj_model)
    key = _KEY_OF_MODEL.get(model._meta.label, model._meta.model_name)
    columns = _columns(model)
    changes = []
    diff = event.pgh_diff or {} if event.pgh_label == "update" else {}
    # In the model's own field order, as its forms show them.
    for column, model_field in columns.items():
        if column in diff and column not in _HIDDEN_COLUMNS:
            before, after = diff[column]
            changes.append(
                FieldChange(
                    capfirst(str(model_field.verbose_name)),
                    _show(model_field, before, names),
                    _show(model_field, after, names),
                )
            )
    context = event.pgh_context or {}
    user_id = context.get("user")
    return Entry(
        when=event.pgh_created_at,
        who=names.name(get_user_model(), user_id) if user_id is not None else None,
        what=_WHAT.get(event.pgh_label, "changed"),
        kind=key,
        kind_label=capfirst(str(model._meta.verbose_name)),
        record_pk=int(event.pgh_obj_id),
        subject=_subject(key, event.pgh_data or {}, names),
        changes=changes,
        source=str(context.get("source", "")),
        review_id=context.get("review") if isinstance(context.get("review"), int) else None,
        review_label=str(context.get("review_label", "")),
    )


def _event_readable(event: models.Model, mission: Mission) -> bool:
    """A deleted record's last event, read at the level it had (need to know)."""
    reader = current_reader()
    level = getattr(event, "classification", 0)
    return reader is None or may_read_marked(
        reader, mission.pk, level, getattr(event, "named_readers", [])
    )


# Record lookup -----------------------------------------------------------------------------


def get_tracked_record(mission: Mission, kind: str, pk: int) -> tuple[models.Model, str]:
    """A record of ``mission`` whose history may be shown, and its name: 404 otherwise.

    A deleted record still has a history; it belongs to the mission its last event says.
    """
    if kind not in TRACKED:
        raise Http404(_("No such kind of record."))
    model, path = TRACKED[kind]
    record = model._default_manager.filter(pk=pk, **{path: mission}).first()
    source: models.Model | None = record
    if record is None:
        source = event_model(model).objects.filter(pgh_obj_id=pk).order_by("-pgh_id").first()
        if (
            source is None
            or _event_mission_id(source, path) != mission.pk
            # Still there, above the reader's level: as missing as a record never made.
            or model._base_manager.filter(pk=pk).exists()
            or not _event_readable(source, mission)
        ):
            raise Http404(_("No such record in this mission."))
        record = model(pk=pk)
    # Named as the activity feed names it, whether the row is live or deleted.
    columns = _columns(model)
    data = {column: getattr(source, f.attname, None) for column, f in columns.items()}
    names = _Names()
    for column, value in data.items():
        if (target := _target(columns, column)) is not None:
            names.want(target, value)
    names.load()
    return record, _subject(kind, data, names)


def _event_mission_id(event: models.Model, path: str) -> int | None:
    """The mission of a deleted record, from its last event (and its parent's, if need be)."""
    if path == "mission":
        return event.mission_id
    parent_field, _rest = path.split("__", 1)
    parent_model = type(event)._meta.get_field(parent_field).related_model
    parent_id = getattr(event, f"{parent_field}_id")
    parent_event = (
        event_model(parent_model).objects.filter(pgh_obj_id=parent_id).order_by("-pgh_id").first()
    )
    return parent_event.mission_id if parent_event else None
