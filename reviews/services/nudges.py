"""Nudging a component lead from the review workspace: once per lead, review and day.

The ``Reminder`` row is claimed before anything is sent; its unique constraint (recipient,
rule, object, period) decides, so two chiefs pressing the button at once, or one pressing it
twice, send one message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.models import OutboxEmail
from core.words import Day, said
from missions.models import Component, Membership, Role
from missions.need_to_know import readable_among
from missions.policy import Action
from notifications.services import notify
from reviews.models import Reminder, Review
from reviews.selectors.completeness import completeness
from reviews.selectors.workspace import NUDGE_RULE, nudge_key
from reviews.services.guards import require, require_open

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@transaction.atomic
def component_lead_nudge(
    *, review: Review, component: Component, lead: AbstractBaseUser, by: AbstractBaseUser
) -> Reminder | None:
    """Remind ``lead`` to assess ``component``'s contributions; None if already done today."""
    require(by, Action.RUN_REVIEW, review)
    require_open(review)
    if (
        component.mission_id != review.mission_id
        or not Membership.objects.filter(
            mission_id=review.mission_id, user=lead, role=Role.COMPONENT_LEAD, component=component
        ).exists()
    ):
        raise ValidationError(_("That person does not lead this component."))
    mission = review.mission
    key = nudge_key(review.pk, component.pk)
    period = mission.today().isoformat()
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                recipient=lead, mission=mission, rule=NUDGE_RULE, object_key=key, period=period
            )
    except IntegrityError:
        return None
    gap = next((g for g in completeness(review).components if g.component.pk == component.pk), None)
    # Counted as the lead may read: a contribution hidden from them is not theirs to assess.
    missing = len(readable_among(lead, gap.missing)) if gap else 0
    url = reverse("reviews:assess_contributions", args=[mission.acronym, review.pk])
    notification = notify(
        user=lead,
        mission=mission,
        purpose=NUDGE_RULE,
        object_key=key,
        period=period,
        subject=said(
            gettext_lazy("%(mission)s review: please assess the %(component)s's contributions"),
            mission=mission.acronym,
            component=component.name,
        ),
        body=said(
            ngettext_lazy(
                "%(who)s asks you to assess how the %(component)s's work advanced the objectives "
                "(%(review)s, due on %(due)s): %(missing)s contribution is not assessed yet.",
                "%(who)s asks you to assess how the %(component)s's work advanced the objectives "
                "(%(review)s, due on %(due)s): %(missing)s contributions are not assessed yet.",
                "missing",
            ),
            "missing",
            who=by.get_full_name() or by.get_username(),
            component=component.name,
            review=review.label_said,
            missing=missing,
            due=Day(review.due_on),
        ),
        url=url,
    )
    # None: the lead switched this mission's messages off. The email leaves from the outbox.
    reminder.email = OutboxEmail.objects.filter(
        recipient=lead, purpose=NUDGE_RULE, object_key=key, period=period
    ).first()
    if notification is not None and notification.awaits_digest:
        reminder.status = Reminder.Status.DIGEST
    elif reminder.email is not None and reminder.email.to:
        reminder.status = Reminder.Status.QUEUED
    else:
        reminder.status = Reminder.Status.SKIPPED
    reminder.subject, reminder.body, reminder.url = (
        (notification.subject, notification.body, notification.url) if notification else ("",) * 3
    )
    reminder.save(update_fields=["status", "email", "subject", "body", "url"])
    return reminder
