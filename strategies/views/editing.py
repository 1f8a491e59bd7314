"""What the editing views share: reading what was posted, the "someone saved first" box, the
status code of a page that shows a form, and the confirmation before a delete.

Every editor in the strategy saves through a service that raises ``StaleEdit`` when the record
changed since the user read it; these helpers turn that into the same screen everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from missions.concurrency import StaleEdit, conflict_rows
from missions.models import Mission
from missions.policy import Action, can, mission_context
from strategies.history import last_editor


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST, or None to show the form unbound."""
    return request.POST if request.method == "POST" else None


def posted_revision(request: HttpRequest) -> int:
    """The revision a confirmation page was read at (0, never matching, if absent or junk)."""
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else 0


def form_values(form: forms.ModelForm) -> dict[str, Any]:
    """The cleaned values of the form's model fields: what a register service takes."""
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def repost(form: forms.BaseForm, **values: Any) -> None:
    """Change what a bound form says was posted, as if the browser had sent ``values`` too."""
    if not form.is_bound:
        return
    data = form.data.copy()
    for name, value in values.items():
        data[form.add_prefix(name)] = value
    form.data = data


def conflict_context(exc: StaleEdit, form: forms.BaseForm, **values: Any) -> dict[str, Any]:
    """The conflict box: their values beside this user's, whose input stays in the form.

    The form's posted revision moves on to the one just shown (with ``values``, any other
    hidden input that goes with it), so that saving again is deliberate: it is checked against
    what the user has now seen.
    """
    current = exc.current
    if current is None:
        return {"gone": True}
    repost(form, revision=current.revision, **values)
    return {"record": current, "rows": conflict_rows(form, current), "who": last_editor(current)}


def status_for(request: HttpRequest, conflict: dict[str, Any] | None) -> int:
    """409 after a conflict, 400 when a POST comes back with its form, else 200."""
    if conflict:
        return 409
    return 400 if request.method == "POST" else 200


def editor_context(request: HttpRequest, mission: Mission, **extra: Any) -> dict[str, Any]:
    """``mission_context`` plus ``can_edit``, for pages with edit links and buttons."""
    context = mission_context(request.user, mission)
    context["can_edit"] = can(request.user, Action.EDIT_STRATEGY, mission)
    context.update(extra)
    return context


def render_in_place(
    request: HttpRequest,
    mission: Mission,
    context: dict[str, Any],
    *,
    partial: str,
    page: str,
    status: int = 200,
) -> HttpResponse:
    """A form edited in place: for htmx the partial alone (``inline``), else on a page of its
    own, so that the same URL also works without JavaScript."""
    context = {"mission": mission, **context}
    if request.htmx:
        return render(request, partial, {**context, "inline": True}, status=status)
    context.update(mission_context(request.user, mission))
    return render(request, page, context, status=status)


def confirm_delete(
    request: HttpRequest,
    mission: Mission,
    record: models.Model,
    *,
    delete: Callable[[int], object],
    deleted_message: str,
    done_url: str,
    page: Callable[[models.Model], dict[str, Any]],
) -> HttpResponse:
    """GET asks for confirmation; POST deletes, if nobody changed the record meanwhile.

    ``delete(expected_revision)`` calls the service. A record someone deleted meanwhile is
    simply gone; one someone changed is shown again as it is now (409), to confirm afresh.
    ``page(record)`` gives the page's ``kind_label``, ``consequence``, ``delete_url`` and
    ``cancel_url`` for the record it shows.
    """
    changed = False
    if request.method == "POST":
        try:
            delete(posted_revision(request))
        except StaleEdit as exc:
            if exc.current is None:
                return redirect(done_url)
            record, changed = exc.current, True
        else:
            messages.success(request, deleted_message)
            return redirect(done_url)
    context = editor_context(request, mission, record=record, changed=changed, **page(record))
    return render(
        request, "strategies/confirm_delete.html", context, status=409 if changed else 200
    )
