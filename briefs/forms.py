"""What to make a brief of, as posted by the export buttons."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from briefs.audiences import Audience, audience_ceiling
from missions.models import Mission
from missions.need_to_know import level_label
from reviews.models import Review
from strategies.models import StrategyVersion

DRAFT = "draft"


def subject_value(*, version: StrategyVersion | None = None, review: Review | None = None) -> str:
    if review is not None:
        return f"review-{review.pk}"
    if version is not None:
        return f"version-{version.number}"
    return DRAFT


class ExportForm(forms.Form):
    """``subject`` is ``draft``, ``version-<number>`` or ``review-<id>`` of this mission;
    ``audience`` whom it is for (what lies above their level is withheld); ``recipient``
    the name printed in every page's margin; ``language`` the one it is written in (the
    reader's by default: pass it as ``initial``)."""

    subject = forms.CharField(label=gettext_lazy("Brief of"), max_length=40)
    audience = forms.ChoiceField(label=gettext_lazy("For"))
    recipient = forms.CharField(
        label=gettext_lazy("Recipient"),
        max_length=200,
        help_text=gettext_lazy(
            "A person or an office, for example “Ambassador A. Mensah, Permanent Mission of "
            "Ghana”. Printed with today's date in the margin of every page."
        ),
    )
    # Left out (a script, an older page), it is the reader's: the initial value.
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(
        self,
        *args: Any,
        mission: Mission,
        audiences: list[Audience] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.version: StrategyVersion | None = None
        self.review: Review | None = None
        self.fields["audience"].choices = audience_choices(mission, audiences or list(Audience))
        self.fields["language"].choices = language_choices()

    def clean_language(self) -> str:
        return (
            self.cleaned_data["language"] or self.initial.get("language") or settings.LANGUAGE_CODE
        )

    def clean_subject(self) -> str:
        value = self.cleaned_data["subject"].strip()
        if value == DRAFT:
            return value
        match = re.fullmatch(r"(version|review)-(\d{1,9})", value)
        if match and match.group(1) == "version":
            self.version = StrategyVersion.objects.filter(
                mission=self.mission, number=int(match.group(2))
            ).first()
            if self.version is not None:
                return value
        elif match:
            self.review = Review.objects.filter(
                mission=self.mission, pk=int(match.group(2))
            ).first()
            if self.review is not None:
                return value
        raise forms.ValidationError(
            _("Choose the working draft, an approved version or a review of this mission.")
        )


def language_choices() -> list[tuple[str, str]]:
    """Each language a brief can be written in, named in that language ("Français")."""
    return [
        (code, capfirst(get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


class SubscriptionForm(forms.Form):
    subscribe = forms.BooleanField(required=False)


def audience_choices(mission: Mission, audiences: list[Audience]) -> list[tuple[str, str]]:
    """``UN Headquarters (up to Confidential)``: each audience with the level it receives."""
    choices = []
    for audience in audiences:
        if audience == Audience.LEADERSHIP:
            reach = _("%(audience)s · all you may read") % {"audience": audience.label}
        else:
            reach = _("%(audience)s · up to %(level)s") % {
                "audience": audience.label,
                "level": level_label(audience_ceiling(audience, mission), mission),
            }
        choices.append((audience.value, reach))
    return choices
