"""What reached the mail server: the outbox drained as a worker would, then Django's test
mailbox. Sending goes through the same ``core.outbox.email_send`` the worker's task runs."""

from __future__ import annotations

from django.core import mail
from django.core.mail import EmailMessage

from core.outbox import outbox_deliver_due


def delivered() -> list[EmailMessage]:
    """Send every email due in the outbox now, and return all the mail sent in this test."""
    outbox_deliver_due()
    return mail.outbox
