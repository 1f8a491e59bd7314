"""The one way tests get an API token: a change in how tokens are kept lands in one place."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.api_tokens import api_token_create


def api_token_for(user) -> str:
    """A working token for ``user``, as the ``Authorization: Token <key>`` header expects it."""
    _token, secret = api_token_create(
        user=user, name="Test token", expires_at=timezone.now() + timedelta(days=30)
    )
    return secret
