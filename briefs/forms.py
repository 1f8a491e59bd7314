"""What to make a brief of, as posted by the export buttons."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missions.models import Mission
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
    """``subject`` is ``draft``, ``version-<number>`` or ``review-<id>`` of this mission."""

    subject = forms.CharField(label=gettext_lazy("Brief of"), max_length=40)

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.version: StrategyVersion | None = None
        self.review: Review | None = None

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


class SubscriptionForm(forms.Form):
    subscribe = forms.BooleanField(required=False)
