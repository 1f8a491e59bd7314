"""What every editing page shares: reading what was posted, the "someone saved first" box and
the status code of a page that shows a form.

Every editor saves through a service that raises ``StaleEdit`` when the record changed since
the user read it; these helpers turn that into the same screen everywhere.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict

from core.concurrency import StaleEdit, conflict_rows
from core.history import last_editor
from core.hostile_input import plain_digits


def posted(request: HttpRequest) -> QueryDict | None:
    """The data to bind a form to: the POST, or None to show the form unbound."""
    return request.POST if request.method == "POST" else None


def posted_revision(request: HttpRequest) -> int:
    """The revision a confirmation page was read at (0, never matching, if absent or junk)."""
    value = request.POST.get("revision", "")
    return int(value) if plain_digits(value) else 0


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


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal, next to the field it is about when it names one of the form's."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
