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
  DRF sets the request's user) or the person a job writes to (``reading_as``). Related
  managers and prefetches go through it too, so ``objective.risks.all`` in a template, a
  serializer or an email cannot show what the reader may not read.

With no reader (a migration, a command, a job working for the system) nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from missions.classification import Classification, Classified, marking_text
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
        token = _reader.set(lambda: request.user)
        try:
            return self.get_response(request)
        finally:
            _reader.reset(token)


def _memberships(user: User) -> models.QuerySet:
    return apps.get_model("missions", "Membership").objects.filter(user=user)


def confidential_missions(user: User) -> models.QuerySet:
    """Missions whose *Confidential* records ``user`` reads: a member's, except a desk
    officer's unless the mission shares them with HQ."""
    return (
        _memberships(user)
        .filter(~Q(role=Role.DESK_OFFICER) | Q(mission__hq_reads_confidential=True))
        .values("mission_id")
    )


def strictly_confidential_missions(user: User) -> models.QuerySet:
    """Missions all of whose *Strictly confidential* records ``user`` reads."""
    return (
        _memberships(user)
        .filter(
            Q(role=Role.HEAD_OF_MISSION)
            | Q(role=Role.CHIEF_OF_STAFF, mission__chief_reads_strictly_confidential=True)
        )
        .values("mission_id")
    )


def _mission_path(model: type[models.Model]) -> str:
    return model._default_manager._queryset_class.mission_path


def level_q(model: type[models.Model], user: User, prefix: str = "") -> Q:
    """Rows of ``model`` whose own level ``user`` may read (``prefix``: the path to them)."""
    level = f"{prefix}classification"
    if not user.is_authenticated or not user.is_active:
        return Q(**{level: Classification.UNCLASSIFIED})
    mission = f"{prefix}{_mission_path(model)}__in"
    member_of = _memberships(user).values("mission_id")
    return (
        Q(**{level: Classification.UNCLASSIFIED})
        | Q(**{level: Classification.CONFIDENTIAL, mission: confidential_missions(user)})
        | Q(**{level: Classification.STRICTLY_CONFIDENTIAL})
        & (
            Q(**{mission: strictly_confidential_missions(user)})
            | Q(**{f"{prefix}named_readers__contains": [user.pk], mission: member_of})
        )
    )


def readable(
    model: type[models.Model], user: User, prefix: str = "", _seen: frozenset = frozenset()
) -> Q:
    """Rows of ``model`` that ``user`` may read: their own level and their parents'. A link
    row without a level of its own (a driver's objective) follows its parents only."""
    q = level_q(model, user, prefix) if issubclass(model, Classified) else Q()
    for name in getattr(model, "classified_parents", ()):
        field = model._meta.get_field(name)
        parent = field.related_model
        path = f"{prefix}{name}__"
        if parent in _seen or parent is model:
            parent_q = level_q(parent, user, path)
        else:
            parent_q = readable(parent, user, path, _seen | {model})
        if field.null:
            parent_q |= Q(**{f"{prefix}{name}__isnull": True})
        q &= parent_q
    return q


def clearance(user: User, mission_id: int) -> Classification:
    """The highest level ``user`` reads throughout one mission (named lists aside): for data
    kept outside the tables, as a version's snapshot and a deleted record's history are."""
    if not user.is_authenticated or not user.is_active:
        return Classification.UNCLASSIFIED
    cache = user.__dict__.setdefault("_clearances", {})
    if mission_id not in cache:
        ids = [mission_id]
        strict = apps.get_model("missions", "Mission").objects.filter(
            pk__in=strictly_confidential_missions(user), id__in=ids
        )
        confidential = apps.get_model("missions", "Mission").objects.filter(
            pk__in=confidential_missions(user), id__in=ids
        )
        cache[mission_id] = (
            Classification.STRICTLY_CONFIDENTIAL
            if strict.exists()
            else Classification.CONFIDENTIAL
            if confidential.exists()
            else Classification.UNCLASSIFIED
        )
    return cache[mission_id]


def may_read_marked(user: User, mission_id: int, level: int, readers: list[int]) -> bool:
    """Data marked ``level`` and naming ``readers``, kept outside the tables: the same rule
    as ``level_q``, for one mission the user is a member of."""
    if level <= clearance(user, mission_id):
        return True
    return (
        level == Classification.STRICTLY_CONFIDENTIAL
        and user.is_authenticated
        and user.pk in (readers or [])
        and _is_member(user, mission_id)
    )


def _is_member(user: User, mission_id: int) -> bool:
    """Read once per user object: a snapshot asks for each of its entries."""
    cache = user.__dict__.setdefault("_member_of", {})
    if mission_id not in cache:
        cache[mission_id] = _memberships(user).filter(mission_id=mission_id).exists()
    return cache[mission_id]


def mission_id_of(record: models.Model) -> int | None:
    """The mission a saved record belongs to, by its model's path to it."""
    path = _mission_path(type(record))
    return type(record)._base_manager.filter(pk=record.pk).values_list(path, flat=True).first()


def hidden_events(chosen: list[type[models.Model]], user: User, mission_id: int) -> Q:
    """History events (pghistory's ``Events`` across ``chosen`` models) not for ``user``: of a
    record still there that they may not read, or marked above their clearance when made."""
    hidden = Q()
    for model in chosen:
        if not getattr(model, "classified_parents", None) and not issubclass(model, Classified):
            continue
        rows = (
            model._base_manager.exclude(readable(model, user))
            .annotate(key=Cast("pk", models.TextField()))
            .values("key")
        )
        hidden |= Q(pgh_obj_model=model._meta.label, pgh_obj_id__in=rows)
    # has_key first: a JSON key a row lacks compares as NULL, which NOT would not keep.
    above = Q(pgh_data__has_key="classification") & Q(
        pgh_data__classification__gt=clearance(user, mission_id)
    )
    if user.is_authenticated:
        above &= ~(
            Q(pgh_data__has_key="named_readers") & Q(pgh_data__named_readers__contains=[user.pk])
        )
    return hidden | above


def may_read(user: User, record: Classified) -> bool:
    """One record, by the same rule (one query)."""
    model = type(record)
    return model._base_manager.filter(readable(model, user), pk=record.pk).exists()


class ReaderManager(models.Manager):
    """The default manager of a classified model: the current reader's rows only."""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        reader = current_reader()
        if reader is None:
            return queryset
        return queryset.filter(readable(self.model, reader))


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
