"""What makes a handover hold together, field by field: asked by the form (so the message
sits next to the field) and again by the service (for every other caller)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from transition.models import HandoverStatus, ReceiverKind


def handover_errors(values: dict[str, Any], *, today: date) -> dict[str, str]:
    """The problems with a handover of these values, by field name (none: {})."""
    errors: dict[str, str] = {}
    kind = values.get("receiver_kind")
    if kind not in ReceiverKind.values:
        return {"receiver_kind": _("Choose who takes the task over.")}
    ends = kind == ReceiverKind.ENDS
    if not ends and not (values.get("receiver") or "").strip():
        errors["receiver"] = _("Name the receiver, for example UNDP or the Ministry of Justice.")
    phase = values.get("phase")
    if phase is not None and not 1 <= phase <= 9:
        errors["phase"] = _("The phase is a number from 1 to 9.")
    if not ends and phase is None and values.get("target_date") is None:
        errors["phase"] = _("Give the phase or the target date of the handover (or both).")
    status = values.get("status")
    handed_on = values.get("handed_over_on")
    if status == HandoverStatus.HANDED_OVER:
        if handed_on is None:
            errors["handed_over_on"] = _("Say when the task was handed over.")
        elif handed_on > today:
            errors["handed_over_on"] = _("A handover that happened is not in the future.")
    elif handed_on is not None:
        errors["handed_over_on"] = _("Only a task handed over has a handover date.")
    return errors
