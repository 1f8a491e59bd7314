"""The review a reading was entered from, when a review's screen sent it (the form's hidden
``review``): one of this mission's reviews, or 404. Whether the person may write in it, and
whether it is still open, the services check."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from benchmarks.forms import ReadingForm
from missions.models import Mission
from reviews.models import Review


def entered_in(request: HttpRequest, mission: Mission, form: ReadingForm) -> Review | None:
    pk = form.cleaned_data.get("review")
    if not pk:
        return None
    return get_object_or_404(Review.objects.filter(mission=mission), pk=pk)
