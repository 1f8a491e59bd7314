"""Signals the strategy sends, for apps above it (briefs) to act on without strategies
importing them."""

from django.dispatch import Signal

# Sent by ``versions.version_approve`` inside its transaction, with ``version`` and ``by``.
# Receivers defer their work with ``transaction.on_commit``.
version_approved = Signal()
