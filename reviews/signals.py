"""Signals the review cycle sends, for apps above it (briefs) to act on without reviews
importing them."""

from django.dispatch import Signal

# Sent by ``services.review_sign_off`` inside its transaction, with ``review`` and ``by``.
# Receivers defer their work with ``transaction.on_commit``.
review_signed_off = Signal()
