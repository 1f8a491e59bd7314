"""The one way tests get an API token: a change in how tokens are kept lands in one place."""

from __future__ import annotations

from rest_framework.authtoken.models import Token


def api_token_for(user) -> str:
    """A working token for ``user``, as the ``Authorization: Token <key>`` header expects it."""
    return Token.objects.create(user=user).key
