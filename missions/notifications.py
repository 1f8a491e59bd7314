"""Telling people something: an in-app notification, and an email once the write commits.

The reminders job (issue 7) decides who is told what and when; a nudge from the review
workspace tells one lead now. Both end here, so a message always reaches both places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from missions.models import Mission, Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def absolute(url: str) -> str:
    """A path made into a link that works from an email or a calendar."""
    return url if "://" in url else f"{settings.SITE_URL}{url}"


def notify(
    *,
    user: AbstractBaseUser,
    mission: Mission | None,
    subject: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification:
    """Record the notification now; send the email after the transaction commits."""
    notification = Notification.objects.create(
        user=user, mission=mission, subject=subject[:200], body=body, url=url
    )
    if email and user.email:
        text = "\n\n".join(part for part in (body, absolute(url) if url else "") if part)
        transaction.on_commit(
            lambda: send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    return notification
