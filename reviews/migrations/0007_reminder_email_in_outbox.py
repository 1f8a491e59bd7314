"""Reminder emails are sent by the outbox: each reminder's delivery record moves to an outbox
row, and the reminder keeps only whether it went by email, digest or the app alone."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Claimed reminders were never sent (the run died) and failed ones under the old cap of three
# attempts were due another: the outbox sends both.
STATUS = {"claimed": "queued", "sent": "sent", "failed": "failed"}


def carry_over(apps, schema_editor):
    Reminder = apps.get_model("reviews", "Reminder")
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    site = settings.SITE_URL or ""
    emailed = Reminder.objects.filter(status__in=STATUS).select_related("recipient")
    for reminder in emailed:
        status = STATUS[reminder.status]
        if status == "failed" and reminder.attempts < 3:
            status = "queued"
        link = f"{site}{reminder.url}" if reminder.url.startswith("/") else reminder.url
        reminder.email = OutboxEmail.objects.create(
            recipient=reminder.recipient,
            purpose=reminder.rule,
            object_key=reminder.object_key,
            period=reminder.period,
            to=reminder.recipient.email,
            subject=reminder.subject or reminder.rule,
            text="\n\n".join(part for part in (reminder.body, link) if part),
            status=status if reminder.recipient.email else "skipped",
            attempts=reminder.attempts,
            last_error=reminder.last_error,
            created_at=reminder.claimed_at,
            sent_at=reminder.sent_at,
        )
        reminder.status = "queued"
        reminder.save(update_fields=["email", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("missions", "0004_digest_email_in_outbox"),
        ("reviews", "0006_marker_reading_assessed_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reminder", name="reminder_status_valid"),
        migrations.AddField(
            model_name="reminder",
            name="email",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="core.outboxemail",
                verbose_name="email",
            ),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reminder", name="attempts"),
        migrations.RemoveField(model_name="reminder", name="last_error"),
        migrations.RemoveField(model_name="reminder", name="sent_at"),
        migrations.AlterField(
            model_name="reminder",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Email in the outbox"),
                    ("digest", "In the weekly digest"),
                    ("skipped", "In the app only"),
                ],
                default="queued",
                max_length=8,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["queued", "digest", "skipped"])),
                name="reminder_status_valid",
            ),
        ),
    ]
