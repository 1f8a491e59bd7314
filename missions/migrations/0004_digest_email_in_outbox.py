"""Digests are sent by the outbox: each digest's delivery record moves to an outbox row."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# Claimed or failed digests were never delivered: the outbox sends them (failed under the old
# cap of three attempts stay failed, visible in the admin).
STATUS = {"claimed": "queued", "sent": "sent", "failed": "failed", "skipped": "skipped"}


def carry_over(apps, schema_editor):
    Digest = apps.get_model("missions", "NotificationDigest")
    OutboxEmail = apps.get_model("core", "OutboxEmail")
    for digest in Digest.objects.select_related("user"):
        subjects = list(
            digest.notifications.order_by("pk").values_list("subject", flat=True)
        )
        status = STATUS.get(digest.status, "failed")
        if status == "failed" and digest.attempts < 3:
            status = "queued"
        digest.email = OutboxEmail.objects.create(
            recipient=digest.user,
            purpose="digest",
            object_key=f"user:{digest.user_id}",
            period=digest.period,
            to=digest.user.email,
            subject=f"Your weekly digest ({digest.period}): {len(subjects)} reminders",
            text="\n".join(f"* {subject}" for subject in subjects),
            status=status,
            attempts=digest.attempts,
            last_error=digest.last_error,
            created_at=digest.claimed_at,
            sent_at=digest.sent_at,
        )
        digest.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("missions", "0003_notification_digests_calendar_feeds"),
    ]

    operations = [
        migrations.AddField(
            model_name="notificationdigest",
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
        migrations.RemoveConstraint(model_name="notificationdigest", name="digest_status_valid"),
        migrations.RemoveField(model_name="notificationdigest", name="attempts"),
        migrations.RemoveField(model_name="notificationdigest", name="last_error"),
        migrations.RemoveField(model_name="notificationdigest", name="sent_at"),
        migrations.RemoveField(model_name="notificationdigest", name="status"),
        migrations.AlterField(
            model_name="notificationdigest",
            name="claimed_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="made at"),
        ),
    ]
