"""A person's own notifications, how reminders reach them per mission, their calendar address.

Everything here is the signed-in user's own: notifications are looked up among theirs (404
otherwise), and preferences are offered only for missions the policy lets them see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import i18n
from django.views.decorators.http import require_POST

from missions.models import Mission
from missions.policy import Action, can
from notifications import services
from notifications.models import CalendarFeed, Notification, NotificationPreference

PAGE_SIZE = 25


def _own(request: HttpRequest, pk: int) -> Notification:
    return get_object_or_404(Notification, pk=pk, user=request.user)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    rows = Notification.objects.filter(user=request.user).select_related("mission")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = services.mark_read(notification=_own(request, pk))
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:list")
    return redirect(target)


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(notification=_own(request, pk))
    if request.htmx:  # the item, and the header's count out of band
        return render(
            request,
            "notifications/partials/_marked_read.html",
            {"notification": notification},
        )
    return redirect(_back(request))


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("notifications:list")


# --- Delivery preferences ------------------------------------------------------------------


class PreferencesForm(forms.Form):
    """One choice per mission the person holds a seat in."""

    def __init__(self, *args: Any, missions: list[Mission], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.missions = missions
        for mission in missions:
            self.fields[f"mission_{mission.pk}"] = forms.ChoiceField(
                label=f"{mission.acronym}: {mission.name}",
                choices=NotificationPreference.Delivery.choices,
                initial=current.get(mission.pk, NotificationPreference.Delivery.IMMEDIATE),
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose how reminders reach you.")},
            )

    def rows(self) -> list[tuple[Mission, forms.BoundField]]:
        return [(m, self[f"mission_{m.pk}"]) for m in self.missions]


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    missions = [
        m
        for m in Mission.objects.visible_to(request.user).order_by("acronym")
        if can(request.user, Action.VIEW, m)
    ]
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list(
            "mission_id", "delivery"
        )
    )
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, missions=missions, current=current)
    if request.method == "POST":
        if form.is_valid():
            for mission in missions:
                chosen = form.cleaned_data[f"mission_{mission.pk}"]
                if current.get(mission.pk, NotificationPreference.Delivery.IMMEDIATE) != chosen:
                    services.preference_set(user=request.user, mission=mission, delivery=chosen)
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:preferences")
        status = 400
    else:
        status = 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


# --- Private calendar address --------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar address is revoked: it no longer works."))
        else:
            services.calendar_feed_create(user=request.user)
            messages.success(
                request,
                _("Here is your new calendar address. Any earlier address no longer works."),
            )
        return redirect("notifications:calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = (
        request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(request, "notifications/calendar.html", {"feed": feed, "address": address})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in person's choice: the
    emails written to them later (reminders, digests) are in it."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.remember_language(request.user, request.POST.get("language", ""))
    return response
