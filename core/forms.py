"""Forms of the platform's own pages: a new personal API token."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

LIFETIMES = (30, 90, 365)
ON_A_DATE = "date"


def lifetime_choices() -> list[tuple[str, str]]:
    """30, 90 and 365 days, those within API_TOKEN_MAX_DAYS (the maximum itself if it is
    shorter than all of them), and a date of one's choosing."""
    most = settings.API_TOKEN_MAX_DAYS
    days = [d for d in LIFETIMES if d <= most] or [most]
    choices = [(str(d), ngettext("%(days)d day", "%(days)d days", d) % {"days": d}) for d in days]
    return [*choices, (ON_A_DATE, _("Until a date"))]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Nightly export script”."),
    )
    lifetime = forms.ChoiceField(label=_("Expires"), widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("With “Until a date”: the token stops working at the start of this day (UTC)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = lifetime_choices()
        self.fields["lifetime"].choices = choices
        values = [value for value, _label in choices]
        self.fields["lifetime"].initial = "90" if "90" in values else values[0]
        today = timezone.now().date()
        self.fields["expires_on"].widget.attrs.update(
            min=(today + timedelta(days=1)).isoformat(),
            max=(today + timedelta(days=settings.API_TOKEN_MAX_DAYS)).isoformat(),
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lifetime, on = data.get("lifetime"), data.get("expires_on")
        now = timezone.now()
        if lifetime == ON_A_DATE:
            most = settings.API_TOKEN_MAX_DAYS
            if on is None:
                if "expires_on" not in self.errors:
                    self.add_error("expires_on", _("Choose the day the token expires."))
            elif on <= now.date():
                self.add_error("expires_on", _("Choose a day after today."))
            elif on > now.date() + timedelta(days=most):
                self.add_error(
                    "expires_on",
                    ngettext(
                        "A token lives at most %(days)d day.",
                        "A token lives at most %(days)d days.",
                        most,
                    )
                    % {"days": most},
                )
            else:
                data["expires_at"] = datetime.combine(on, time.min, tzinfo=UTC)
        elif lifetime:
            data["expires_at"] = now + timedelta(days=int(lifetime))
        return data
