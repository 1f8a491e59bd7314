"""The life of a brief: requested (queued), claimed by a worker (rendering), stored (ready) or
failed with its reason; retried; swept when a worker died; sent to subscribers.

Every state change is one conditional UPDATE, so two workers (or a worker and the sweep) never
both win, and a brief never stays "rendering" after its worker is gone.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from briefs.audiences import Audience, as_exporter, audiences_for
from briefs.content import Subject
from briefs.models import Brief, BriefStatus, BriefSubscription
from briefs.rendering import Rendered, render_subject
from core import queueing
from core.audit import audit_record
from core.models import AuditKind
from core.words import Said, said
from missions.policy import Action, can, seat
from notifications.services import languages_of, notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from missions.models import Mission
    from reviews.models import Review
    from strategies.models import StrategyVersion

    User = AbstractBaseUser

logger = logging.getLogger(__name__)

LIVE = (BriefStatus.QUEUED, BriefStatus.RENDERING, BriefStatus.READY)
RENDER_TASK = "briefs.tasks.brief_render"


def _enqueue(brief_id: int) -> None:
    """After the row commits, so the worker finds it. A broker that is down fails nothing:
    the brief stays queued and the sweep queues it again."""
    queueing.enqueue_on_commit(
        RENDER_TASK, brief_id, later=_("the brief will render when the worker is back")
    )


# A brief queued this long ago whose render has not started lost its message (the broker was
# down, or restarted empty): the sweep queues it again. A duplicate message is harmless.
LOST_AFTER = timedelta(minutes=2)


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(minutes=settings.BRIEF_STALE_MINUTES)


# Requesting ----------------------------------------------------------------------------------


def brief_language(code: str | None) -> str:
    """``code`` as one of the languages briefs are written in ("fr-ca" is "fr"), else the
    default one."""
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Requested:
    brief: Brief
    reused: bool


@transaction.atomic
def brief_request(
    *,
    mission: Mission,
    by: User | None,
    version: StrategyVersion | None = None,
    review: Review | None = None,
    audience: str = Audience.HQ,
    recipient: str = "",
    language: str | None = None,
    notify_subscribers: bool = False,
) -> Requested:
    """Queue a brief of the working draft, a version or a review, in ``language`` (the
    active language by default), for ``audience`` and sent to ``recipient``.

    ``by`` None is the system (a version approved, a review signed off), which makes briefs
    for HQ. An approved version never changes, so its brief in one language for one audience,
    recipient and requester is made once: asking again returns the one already made or under
    way. A brief made in one language, or for one audience, is never handed out for another.
    """
    if by is not None and not can(by, Action.EXPORT_BRIEF, mission):
        raise PermissionDenied
    if by is not None:
        held = seat(by, mission)
        if audience not in audiences_for(held.role if held else None):
            raise PermissionDenied(_("You cannot export a brief for that audience."))
    if version is not None and review is not None:
        raise ValidationError(_("A brief is of a version or of a review, not both."))
    for record in (version, review):
        if record is not None and record.mission_id != mission.pk:
            raise ValidationError(_("That belongs to another mission."))
    language = brief_language(language or translation.get_language())
    same = {
        "version": version,
        "language": language,
        "audience": audience,
        "recipient": recipient,
        "requested_by": by,
    }
    if version is not None:
        existing = Brief._base_manager.filter(**same, status__in=LIVE).first()
        if existing is not None:
            return Requested(_flag_for_subscribers(existing, notify_subscribers), reused=True)
    now = timezone.now()
    try:
        with transaction.atomic():
            brief = Brief.objects.create(
                mission=mission,
                version=version,
                review=review,
                requested_by=by,
                audience=audience,
                recipient=recipient,
                language=language,
                notify_subscribers=notify_subscribers,
                queued_at=now,
            )
    except IntegrityError:
        # Someone asked for the same version's brief a moment ago: theirs is the one.
        existing = Brief._base_manager.get(**same, status__in=LIVE)
        return Requested(_flag_for_subscribers(existing, notify_subscribers), reused=True)
    _enqueue(brief.pk)
    return Requested(brief, reused=False)


def _flag_for_subscribers(brief: Brief, notify_subscribers: bool) -> Brief:
    if notify_subscribers and not brief.notify_subscribers:
        Brief.objects.filter(pk=brief.pk).update(notify_subscribers=True)
        brief.notify_subscribers = True
        # Ready already: tell them now. Still rendering: the worker tells them when done.
        transaction.on_commit(lambda: brief_notify_subscribers(brief.pk))
    return brief


@transaction.atomic
def brief_retry(*, brief: Brief, by: User) -> Brief:
    """Queue a failed brief again (or, for a version, return the one made meanwhile)."""
    if not can(by, Action.EXPORT_BRIEF, brief.mission_id):
        raise PermissionDenied
    now = timezone.now()
    try:
        with transaction.atomic():
            updated = Brief.objects.filter(pk=brief.pk, status=BriefStatus.FAILED).update(
                status=BriefStatus.QUEUED,
                error="",
                queued_at=now,
                started_at=None,
                finished_at=None,
                requested_by=by,
            )
    except IntegrityError:
        return Brief._base_manager.get(
            version_id=brief.version_id,
            language=brief.language,
            audience=brief.audience,
            recipient=brief.recipient,
            requested_by=brief.requested_by_id,
            status__in=LIVE,
        )
    if updated:
        _enqueue(brief.pk)
    brief.refresh_from_db()
    return brief


# Rendering (the worker's side) ---------------------------------------------------------------


def brief_claim(brief_id: int, *, now: datetime | None = None) -> Brief | None:
    """Take a queued brief (or one whose renderer died long ago) for rendering, or None."""
    now = now or timezone.now()
    claimable = Q(status=BriefStatus.QUEUED) | Q(
        status=BriefStatus.RENDERING,
        started_at__lt=_stale_before(now),
        attempts__lt=MAX_ATTEMPTS,
    )
    claimed = (
        Brief.objects.filter(claimable, pk=brief_id).update(
            status=BriefStatus.RENDERING,
            started_at=now,
            finished_at=None,
            error="",
            attempts=F("attempts") + 1,
        )
        == 1
    )
    if not claimed:
        return None
    return Brief._base_manager.select_related(
        "mission", "version__approved_by", "review", "requested_by"
    ).get(pk=brief_id)


def brief_finish(brief: Brief, rendered: Rendered) -> bool:
    """Store the PDF and mark the brief ready, if this worker's claim still stands."""
    storage = brief.file.storage
    on = brief.mission.today()
    filename = Subject.of(brief).filename(on, brief.audience)
    name = storage.save(
        brief.file.field.generate_filename(brief, filename), ContentFile(rendered.pdf)
    )
    cut = rendered.cut
    values = {
        "status": BriefStatus.READY,
        "file": name,
        "checksum": hashlib.sha256(rendered.pdf).hexdigest(),
        "size": len(rendered.pdf),
        "pages": rendered.pages,
        "error": "",
        "finished_at": timezone.now(),
    }
    if cut is not None:
        values.update(
            classification=cut.access_level,
            named_readers=sorted(cut.readers or ()),
            printed_level=cut.printed_level,
            withheld=[item.as_log() for item in cut.withheld],
        )
    try:
        with transaction.atomic():
            # A claim is known by its start time. Finishing after the sweep gave up on us is
            # still a finished brief, unless someone has re-queued it since.
            updated = Brief.objects.filter(
                pk=brief.pk,
                started_at=brief.started_at,
                status__in=[BriefStatus.RENDERING, BriefStatus.FAILED],
            ).update(**values)
    except IntegrityError:
        updated = 0  # a version whose brief was made again meanwhile: that one stands
    if not updated:
        storage.delete(name)
        return False
    for field, value in values.items():
        setattr(brief, field, value)
    _log_export(brief)
    return True


def _log_export(brief: Brief) -> None:
    """The export log: who made which brief for whom, at what level, and how much was left
    out (which records: on the brief itself, for those who may read them)."""
    audit_record(
        kind=AuditKind.BRIEF_EXPORT,
        user=brief.requested_by,
        target=f"{brief.mission.acronym} brief {brief.pk}",
        detail={
            "mission": brief.mission.acronym,
            "brief": brief.pk,
            "audience": brief.audience,
            "recipient": brief.recipient,
            "printed_level": brief.printed_level,
            "withheld": len(brief.withheld),
        },
    )


def brief_fail(brief: Brief, reason: str) -> bool:
    return bool(
        Brief.objects.filter(
            pk=brief.pk, started_at=brief.started_at, status=BriefStatus.RENDERING
        ).update(status=BriefStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
    )


def brief_produce(brief_id: int) -> str:
    """Claim, render, store, tell subscribers: the whole job, for the task and tests alike."""
    brief = brief_claim(brief_id)
    if brief is None:
        logger.info("brief %s: not claimable (done, taken or deleted)", brief_id)
        return "skipped"
    try:
        with translation.override(brief.language), as_exporter(brief.requested_by):
            rendered = render_subject(
                Subject.of(brief),
                audience=brief.audience,
                recipient=brief.recipient,
                requested_by=brief.requested_by,
            )
        finished = brief_finish(brief, rendered)
    except Exception as error:
        logger.exception("brief %s: rendering failed", brief_id)
        with translation.override(brief.language):
            reason = _(
                "The PDF could not be made (%(error)s). Try again; if it fails again, "
                "tell an administrator."
            ) % {"error": f"{type(error).__name__}: {error}"[:400]}
        brief_fail(brief, reason)
        return "failed"
    if not finished:
        logger.info("brief %s: finished, but its claim was taken over; result dropped", brief_id)
        return "superseded"
    brief_notify_subscribers(brief.pk)
    return "ready"


# A worker that died --------------------------------------------------------------------------

# Stored untranslated; the status fragment translates it for each reader.
WORKER_STOPPED = gettext_noop("The worker stopped before the brief was finished. Try again.")
# A brief whose renderer died this often is not picked up again by a redelivered message.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Swept:
    failed: int
    requeued: int


def brief_expire_if_stale(brief: Brief, *, now: datetime | None = None) -> Brief:
    """One brief: "rendering" for longer than any render takes means its worker is gone."""
    now = now or timezone.now()
    if brief.status == BriefStatus.RENDERING and brief.started_at < _stale_before(now):
        Brief.objects.filter(
            pk=brief.pk, status=BriefStatus.RENDERING, started_at=brief.started_at
        ).update(
            status=BriefStatus.FAILED,
            error=WORKER_STOPPED,
            finished_at=now,
        )
        brief.refresh_from_db()
    return brief


def brief_sweep_stale(*, now: datetime | None = None, lost_after: timedelta = LOST_AFTER) -> Swept:
    """Fail briefs left rendering by a dead worker; queue again those whose message was lost
    (queued longer than ``lost_after``: a worker starting takes every queued brief)."""
    now = now or timezone.now()
    cutoff = _stale_before(now)
    failed = Brief.objects.filter(status=BriefStatus.RENDERING, started_at__lt=cutoff).update(
        status=BriefStatus.FAILED, error=WORKER_STOPPED, finished_at=now
    )
    lost = list(
        Brief.objects.filter(
            status=BriefStatus.QUEUED, queued_at__lte=now - lost_after
        ).values_list("pk", flat=True)
    )
    if lost:
        Brief.objects.filter(pk__in=lost, status=BriefStatus.QUEUED).update(queued_at=now)
        for pk in lost:
            _enqueue(pk)
    return Swept(failed=failed, requeued=len(lost))


# Subscriptions -------------------------------------------------------------------------------


def subscription_set(*, mission: Mission, user: User, subscribed: bool) -> bool:
    """Subscribe ``user`` to the mission's briefs, or stop; returns the state now."""
    if not can(user, Action.EXPORT_BRIEF, mission):
        raise PermissionDenied
    if subscribed:
        BriefSubscription.objects.get_or_create(mission=mission, user=user)
    else:
        BriefSubscription.objects.filter(mission=mission, user=user).delete()
    return subscribed


def briefs_for_subscribers(
    *,
    mission: Mission,
    version: StrategyVersion | None = None,
    review: Review | None = None,
) -> Brief | None:
    """A version approved or a review signed off: render its brief if anyone wants it."""
    if not BriefSubscription.objects.filter(mission=mission).exists():
        return None
    return brief_request(
        mission=mission,
        by=None,
        version=version,
        review=review,
        language=settings.LANGUAGE_CODE,
        notify_subscribers=True,
    ).brief


def _announcement(brief: Brief) -> tuple[Said, Said]:
    """Kept as words (core.words): each subscriber reads it in the app in their language."""
    acronym = brief.mission.acronym
    if brief.version_id:
        subject = said(
            gettext_lazy("%(mission)s: version %(n)s approved; its brief is ready"),
            mission=acronym,
            n=brief.version.number,
        )
    elif brief.review_id:
        subject = said(
            gettext_lazy("%(mission)s: %(review)s signed off; its brief is ready"),
            mission=acronym,
            review=brief.review.label_said,
        )
    else:
        subject = said(
            gettext_lazy("%(mission)s: a brief of the working draft is ready"), mission=acronym
        )
    body = said(
        gettext_lazy(
            "The PDF brief (%(pages)s pages) can be downloaded from the link below by anyone "
            "holding a role in %(mission)s. You receive this because you subscribed to the "
            "mission's briefs; to stop, use the briefs page: %(briefs)s"
        ),
        pages=brief.pages or "?",
        mission=acronym,
        briefs=settings.SITE_URL + reverse("briefs:list", args=[acronym]),
    )
    return subject, body


def brief_notify_subscribers(brief_id: int) -> int:
    """Tell each subscriber once that the brief is ready; returns how many were told."""
    with transaction.atomic():
        claimed = Brief.objects.filter(
            pk=brief_id,
            status=BriefStatus.READY,
            notify_subscribers=True,
            notified_at__isnull=True,
        ).update(notified_at=timezone.now())
        if not claimed:
            return 0
        brief = Brief._base_manager.select_related("mission", "version", "review").get(pk=brief_id)
        told = 0
        with translation.override(brief.language):
            subject, body = _announcement(brief)
            url = reverse("briefs:download", args=[brief.mission.acronym, brief.pk])
            subscriptions = list(
                BriefSubscription.objects.filter(mission=brief.mission).select_related("user")
            )
            languages = languages_of(s.user_id for s in subscriptions)
            for subscription in subscriptions:
                # Someone who has since lost their role in the mission, or who may not have
                # this brief (its level, its audience), is not told.
                if not (
                    Brief.objects.visible_to(subscription.user, Action.EXPORT_BRIEF)
                    .filter(pk=brief.pk)
                    .exists()
                ):
                    continue
                notify(
                    user=subscription.user,
                    mission=brief.mission,
                    purpose="brief_ready",
                    object_key=f"brief:{brief.pk}",
                    subject=subject,
                    body=body,
                    url=url,
                    language=languages[subscription.user_id],
                )
                told += 1
    return told
