"""Who may read a record at its level: the one place that decides, in the database.

*Unclassified* is for everyone who may see the mission. *Confidential* is for the mission's
members, and for its HQ desk officers only if the mission shares it with them.
*Strictly confidential* is for the head of mission (and the chief of staff, if the mission
says so) and the people named on the record. A record hanging on a record the reader may not
read (a risk of a hidden objective) is hidden with it.

Two ways in, one rule (``readable``):

- ``visible_to(user)`` on every scoped queryset applies it for the user asked about;
- every classified model's default manager applies it for *the reader*: the person a request
  is for (``ReaderMiddleware``; an API token's owner once DRF has authenticated them, since
  DRF sets the request's user; nobody for a superuser in the Django admin) or the person a
  job writes to (``reading_as``). Related managers and prefetches go through it too, so
  ``objective.risks.all`` in a template, a serializer or an email cannot show what the reader
  may not read.

With no reader (a migration, a command, a job working for the system) nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q, sql
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.kept import Kept
from missions.classification import Classification, Classified, marking_text, note_shown
from missions.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

_reader: ContextVar[Callable[[], User] | None] = ContextVar("reader", default=None)


def current_reader() -> User | None:
    """The person the records being read are for, or None when the system reads."""
    get = _reader.get()
    return get() if get is not None else None


@contextmanager
def reading_as(user: User) -> Iterator[None]:
    """Read as ``user``: a job composing someone's email sees only what they may read."""
    token = _reader.set(lambda: user)
    try:
        yield
    finally:
        _reader.reset(token)


class ReaderMiddleware:
    """Every request reads as its user (looked up when a query runs, so an API token's owner
    counts once DRF has authenticated them)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reader.set(lambda: _reader_of(request))
        try:
            return self.get_response(request)
        finally:
            _reader.reset(token)
            # What the reader may read is read afresh by the next request, even when it comes
            # with the same user object (a test client's, an API client forcing a user).
            user = request.__dict__.get("user")
            if user is not None:
                for kept in ("_reading_sets", "_membership_rows"):
                    getattr(user, "__dict__", {}).pop(kept, None)


def _reader_of(request: HttpRequest) -> User | None:
    """The request's user; none (the system, which reads everything) for a superuser in the
    Django admin, where administrators keep the data. Other staff read the admin as
    themselves, so it shows them only what they may read."""
    user = request.user
    if user.is_superuser and request.path.startswith(_admin_prefix()):
        return None
    return user


@lru_cache(maxsize=1)
def _admin_prefix() -> str:
    """Asked on every classified read of a request: resolved once per process."""
    from django.urls import reverse

    return reverse("admin:index")


def _memberships(user: User) -> models.QuerySet:
    return apps.get_model("missions", "Membership").objects.filter(user=user)


def desk_officer_missions(user: User) -> models.QuerySet:
    """Missions where ``user`` is HQ's desk officer (who receives what is made for HQ)."""
    if not user.is_authenticated:
        return apps.get_model("missions", "Membership").objects.none().values("mission_id")
    return _memberships(user).filter(role=Role.DESK_OFFICER).values("mission_id")


def _mission_path(model: type[models.Model]) -> str:
    return model._default_manager._queryset_class.mission_path


def level_q(
    model: type[models.Model], user: User, prefix: str = "", field: str = "classification"
) -> Q:
    """Rows of ``model`` whose own level (``field``) ``user`` may read (``prefix``: the path
    to them)."""
    level = f"{prefix}{field}"
    if not user.is_authenticated or not user.is_active:
        return Q(**{level: Classification.UNCLASSIFIED})
    mission = f"{prefix}{_mission_path(model)}__in"
    sets = reading_sets(user)
    return (
        Q(**{level: Classification.UNCLASSIFIED})
        | Q(**{level: Classification.CONFIDENTIAL, mission: sets.confidential})
        | Q(**{level: Classification.STRICTLY_CONFIDENTIAL})
        & (
            Q(**{mission: sets.strictly_confidential})
            | Q(**{f"{prefix}named_readers__contains": [user.pk], mission: sets.member})
        )
    )


@dataclass(frozen=True)
class ReadingSets:
    """The missions whose records ``user`` reads at each level, as id lists: read once per
    user object (a request's), so every classified query of a page carries three short lists
    instead of three subqueries to build and plan."""

    member: list[int]
    confidential: list[int]
    strictly_confidential: list[int]


def reading_sets(user: User) -> ReadingSets:
    cached = user.__dict__.get("_reading_sets")
    if cached is None:
        remember_reading_sets([user])
        cached = user.__dict__["_reading_sets"]
    return cached


def memberships_of(user: User) -> list[tuple[int, str, int | None, str]]:
    """The user's (mission id, role, component id, mission acronym), read with their reading
    sets: the seats of ``missions.policy`` and the header's mission switcher come from the
    same query."""
    rows = user.__dict__.get("_membership_rows")
    if rows is None:
        remember_reading_sets([user])
        rows = user.__dict__["_membership_rows"]
    return rows


def remember_reading_sets(users: Iterable[User]) -> None:
    """Read the missions of many people at once (one query): a job writing to hundreds."""
    users = [u for u in users if not {"_reading_sets", "_membership_rows"} <= u.__dict__.keys()]
    if not users:
        return
    rows: dict[Any, list[tuple]] = {u.pk: [] for u in users}
    for user_id, *row in (
        apps.get_model("missions", "Membership")
        .objects.filter(user_id__in=list(rows))
        .values_list(
            "user_id",
            "mission_id",
            "role",
            "component_id",
            "mission__acronym",
            "mission__hq_reads_confidential",
            "mission__chief_reads_strictly_confidential",
        )
    ):
        rows[user_id].append(row)
    for user in users:
        user.__dict__["_membership_rows"] = [row[:4] for row in rows[user.pk]]
        member, confidential, strict = set(), set(), set()
        for mission_id, role, _component, _acronym, hq_reads, chief_reads in rows[user.pk]:
            member.add(mission_id)
            if role != Role.DESK_OFFICER or hq_reads:
                confidential.add(mission_id)
            if role == Role.HEAD_OF_MISSION or (role == Role.CHIEF_OF_STAFF and chief_reads):
                strict.add(mission_id)
        sets = ReadingSets(sorted(member), sorted(confidential), sorted(strict))
        user.__dict__["_reading_sets"] = sets


def _down_the_parents(
    model: type[models.Model],
    prefix: str,
    own: Callable[[type[models.Model], str], Q],
    seen: frozenset = frozenset(),
) -> Q:
    """``own`` for ``model`` and for every classified record it hangs on, through its parents;
    a link row without a level of its own (a driver's objective) follows its parents only."""
    q = own(model, prefix) if issubclass(model, Classified) else Q()
    for name in getattr(model, "classified_parents", ()):
        field = model._meta.get_field(name)
        parent = field.related_model
        path = f"{prefix}{name}__"
        if parent in seen or parent is model:
            parent_q = own(parent, path)
        else:
            parent_q = _down_the_parents(parent, path, own, seen | {model})
        if field.null:
            parent_q |= Q(**{f"{prefix}{name}__isnull": True})
        q &= parent_q
    return q


def readable(model: type[models.Model], user: User, prefix: str = "") -> Q:
    """Rows of ``model`` that ``user`` may read: their own level and their parents'."""
    return _down_the_parents(model, prefix, lambda m, p: level_q(m, user, p))


def at_most(model: type[models.Model], level: int, prefix: str = "") -> Q:
    """Rows of ``model`` marked no higher than ``level``, and hanging on none that is."""
    return _down_the_parents(model, prefix, lambda m, p: Q(**{f"{p}classification__lte": level}))


# The highest level anything read may have: a brief for an audience that receives less than
# its exporter reads (``within``).
_ceiling: ContextVar[int | None] = ContextVar("ceiling", default=None)


def current_ceiling() -> int | None:
    return _ceiling.get()


@contextmanager
def within(level: int) -> Iterator[None]:
    """Read only records marked ``level`` or lower (on top of the reader's own rule); inside
    another ``within``, the lower of the two."""
    outer = _ceiling.get()
    token = _ceiling.set(level if outer is None else min(outer, level))
    try:
        yield
    finally:
        _ceiling.reset(token)


def clearance(user: User, mission_id: int) -> Classification:
    """The highest level ``user`` reads throughout one mission (named lists aside): for data
    kept outside the tables, as a version's snapshot and a deleted record's history are."""
    if not user.is_authenticated or not user.is_active:
        return Classification.UNCLASSIFIED
    sets = reading_sets(user)
    if mission_id in sets.strictly_confidential:
        return Classification.STRICTLY_CONFIDENTIAL
    if mission_id in sets.confidential:
        return Classification.CONFIDENTIAL
    return Classification.UNCLASSIFIED


def may_read_marked(user: User, mission_id: int, level: int, readers: list[int]) -> bool:
    """Data marked ``level`` and naming ``readers``, kept outside the tables: the same rule
    as ``level_q``, for one mission the user is a member of."""
    if level == Classification.UNCLASSIFIED:
        return True  # for everyone who may see the mission: nothing to look up
    if level <= clearance(user, mission_id):
        return True
    return (
        level == Classification.STRICTLY_CONFIDENTIAL
        and user.is_authenticated
        and user.pk in (readers or [])
        and _is_member(user, mission_id)
    )


def marked_text(text: str, mission_id: int, level: int, readers: list[int]) -> str:
    """A text kept on a record with a level of its own (a review's conclusions): itself for a
    reader who may read it at that level (within any ceiling), else empty, as if none had been
    written."""
    reader, ceiling = current_reader(), current_ceiling()
    if ceiling is not None and level > ceiling:
        return ""
    if reader is not None and not may_read_marked(reader, mission_id, level, readers):
        return ""
    if text:
        note_shown(level)
    return text


def _is_member(user: User, mission_id: int) -> bool:
    """Read once per user object: a snapshot asks for each of its entries."""
    return mission_id in reading_sets(user).member


def mission_id_of(record: models.Model) -> int | None:
    """The mission a saved record belongs to, by its model's path to it."""
    path = _mission_path(type(record))
    return type(record)._base_manager.filter(pk=record.pk).values_list(path, flat=True).first()


def hidden_history(model: type[models.Model], user: User, mission_id: int) -> Q:
    """Events of ``model``'s history table in one mission not for ``user``: of a record still
    there that they may not read, or marked above their clearance when made."""
    hidden = Q(pk__in=[])
    if getattr(model, "classified_parents", None) or issubclass(model, Classified):
        # Asked of each event read (a primary-key lookup), never as the list of the mission's
        # unreadable records: building that list let the planner pick a join through every
        # mission's objectives (86 ms at 250,000 objectives, against 0.1 ms a page this way).
        unreadable = model._base_manager.filter(pk=OuterRef("pgh_obj_id")).exclude(
            readable(model, user)
        )
        hidden |= Q(Exists(unreadable))
    if issubclass(model, Classified):
        above = Q(classification__gt=clearance(user, mission_id))
        if user.is_authenticated:
            above &= ~Q(named_readers__contains=[user.pk])
        hidden |= above
    return hidden


def readable_among(user: User, records: list[models.Model]) -> list[models.Model]:
    """The records of ``records`` that ``user`` may read, in their order, for a job that read
    as the system and now writes to one person. Records loaded with their classified parents
    are judged in memory (``readable_loaded``); the others by one query per model."""
    verdicts: dict[tuple[type[models.Model], Any], bool] = {}
    by_model: dict[type[models.Model], list[Any]] = {}
    for record in records:
        verdict = readable_loaded(user, record)
        if verdict is None:
            by_model.setdefault(type(record), []).append(record.pk)
        else:
            verdicts[(type(record), record.pk)] = verdict
    for model, pks in by_model.items():
        rows = model._base_manager.filter(readable(model, user), pk__in=pks)
        kept = set(rows.values_list("pk", flat=True))
        verdicts.update(((model, pk), pk in kept) for pk in pks)
    return [record for record in records if verdicts[(type(record), record.pk)]]


def readable_loaded(user: User, record: models.Model, seen: frozenset = frozenset()) -> bool | None:
    """``readable`` for a record in memory: its own level and its classified parents', by
    the same rule as ``level_q`` and ``_down_the_parents``. None when a parent it needs was
    not loaded with it (then the database decides)."""
    model = type(record)
    if issubclass(model, Classified):
        own = _own_level_loaded(user, record)
        if not own:
            return own
    for name in getattr(model, "classified_parents", ()):
        field = model._meta.get_field(name)
        if getattr(record, field.attname) is None:
            continue  # a null parent hides nothing
        if not field.is_cached(record):
            return None
        parent = getattr(record, name)
        if type(parent) in seen or type(parent) is model:
            verdict = _own_level_loaded(user, parent)
        else:
            verdict = readable_loaded(user, parent, seen | {model})
        if not verdict:
            return verdict
    return True


def _own_level_loaded(user: User, record: models.Model) -> bool | None:
    level = record.classification
    if level == Classification.UNCLASSIFIED:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    mission_id = _loaded_mission_id(record)
    if mission_id is None:
        return None
    return may_read_marked(user, mission_id, level, record.named_readers)


def _loaded_mission_id(record: models.Model) -> int | None:
    """The mission id by the model's path to it, through parents already loaded only."""
    *parents, last = _mission_path(type(record)).split("__")
    for name in parents:
        field = type(record)._meta.get_field(name)
        if not field.is_cached(record):
            return None
        record = getattr(record, name)
    return getattr(record, type(record)._meta.get_field(last).attname)


def may_read(user: User, record: Classified) -> bool:
    """One record, by the same rule (one query)."""
    model = type(record)
    return model._base_manager.filter(readable(model, user), pk=record.pk).exists()


def reading_key() -> Hashable:
    """Everything the default managers' filters depend on, as a key: the reader (and the
    missions they read at each level) and the ceiling. Two queries built under the same key
    compile to the same SQL."""
    reader = current_reader()
    who = None
    if reader is not None:
        sets = reading_sets(reader) if reader.is_authenticated and reader.is_active else None
        who = (
            reader.pk,
            reader.is_authenticated and reader.is_active,
            None
            if sets is None
            else (tuple(sets.member), tuple(sets.confidential), tuple(sets.strictly_confidential)),
        )
    return who, current_ceiling()


class ReaderManager(models.Manager):
    """The default manager of a classified model: the current reader's rows only."""

    def reader_q(self, reader: User) -> Q:
        return readable(self.model, reader)

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        reader, ceiling = current_reader(), current_ceiling()
        if reader is None and ceiling is None:
            return queryset
        # Adding the filters costs the ORM a millisecond a query, a dozen times a page: they
        # are added once per model and reading key, and each queryset starts from a copy.
        scoped = _scoped.get_or_build(
            (self.model, reading_key()), lambda: self._scope(queryset, reader, ceiling).query
        )
        queryset.query = scoped.chain()
        return queryset

    def _scope(
        self, queryset: models.QuerySet, reader: User | None, ceiling: int | None
    ) -> models.QuerySet:
        if reader is not None:
            queryset = queryset.filter(self.reader_q(reader))
        if ceiling is not None:
            queryset = queryset.filter(at_most(self.model, ceiling))
        return queryset


# The scoped starting queries by (model, reading key), never handed out: only copies are.
_scoped: Kept[sql.Query] = Kept(1024)


def reader_manager(queryset_class: type[models.QuerySet]) -> Any:
    """``objects`` for a classified model whose scoped queryset is ``queryset_class``."""
    return ReaderManager.from_queryset(queryset_class)()


def marking(record: models.Model, prefix: str = "") -> dict[str, Any]:
    """A record's level and list, for data kept outside the tables (a version's snapshot);
    nothing for an Unclassified record, so older snapshots read as Unclassified."""
    level = getattr(record, "classification", Classification.UNCLASSIFIED)
    if level == Classification.UNCLASSIFIED:
        return {}
    return {f"{prefix}classification": level, f"{prefix}readers": list(record.named_readers)}


def may_lower(user: User, mission: models.Model | int) -> bool:
    """Lowering a record's level needs the head of mission."""
    mission_id = mission if isinstance(mission, int) else mission.pk
    return (
        user.is_authenticated
        and _memberships(user).filter(mission_id=mission_id, role=Role.HEAD_OF_MISSION).exists()
    )


def level_label(level: int, mission: models.Model | None = None) -> str:
    """A level by name, with the mission's own marking beside its default level."""
    if mission is None:
        return marking_text(level)
    return marking_text(level, mission.default_classification, mission.classification_label)


def lowering_refused(record: Classified, level: int | None) -> bool:
    """Would setting ``level`` lower the record's stored level without the head of mission?"""
    reader = current_reader()
    if reader is None or record.pk is None or level is None:
        return False
    saved = (
        type(record)
        ._base_manager.filter(pk=record.pk)
        .values_list("classification", _mission_path(type(record)))
    )
    return any(level < stored and not may_lower(reader, mission_id) for stored, mission_id in saved)


def refuse_lowering(record: Classified, level: int | None) -> None:
    """Services re-check what the form asked: lowering needs the head of mission."""
    if lowering_refused(record, level):
        raise PermissionDenied(_("Only the head of mission can lower a record's classification."))
