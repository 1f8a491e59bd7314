"""Every REST framework token (kept in plain text) becomes a hashed API token that keeps
working with the same key, named after the upgrade day and expiring API_TOKEN_MAX_DAYS later;
the plain-text keys are then deleted. Not reversible: the keys are gone."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def drf_tokens_to_api_tokens(apps, schema_editor) -> int:
    Token = apps.get_model("authtoken", "Token")
    ApiToken = apps.get_model("core", "ApiToken")
    now = timezone.now()
    name = f"Token issued before {now:%Y-%m-%d}"
    expires_at = now + timedelta(days=settings.API_TOKEN_MAX_DAYS)
    moved = 0
    for old in Token.objects.all().iterator():
        digest = hashlib.sha256(old.key.encode()).hexdigest()
        ApiToken.objects.get_or_create(
            digest=digest,
            defaults={
                "user_id": old.user_id,
                "name": name,
                "prefix": old.key[:8],
                "created_at": old.created,
                "expires_at": expires_at,
            },
        )
        moved += 1
    Token.objects.all().delete()
    return moved


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_api_tokens_audit_events"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [
        migrations.RunPython(drf_tokens_to_api_tokens, migrations.RunPython.noop, elidable=True),
    ]
