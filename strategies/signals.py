"""Signals the strategy sends, for apps above it (briefs, benchmarks) to act on without
strategies importing them."""

from django.dispatch import Signal

# Sent by ``versions.version_approve`` inside its transaction, with ``version`` and ``by``.
# Receivers defer their work with ``transaction.on_commit``.
version_approved = Signal()

# A person set an exit condition's status (on the exit conditions page or in a review).
# Sent inside the writing transaction with ``condition``, ``status``, ``reason`` (the
# evidence they gave, maybe empty) and ``by``: a measured condition keeps it as an override
# of its readings, so the next reading does not silently undo a judgement.
exit_condition_judged = Signal()
