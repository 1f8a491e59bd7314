"""The person's own API tokens, under /accounts/tokens/.

Routes:
    ""                 tokens    list, and POST: create (the new token is shown on this answer only)
    <pk>/revoke/       revoke    POST: revoke one's own token (another's is a 404)
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.api_tokens import (
    api_token_create,
    api_token_list,
    api_token_revoke,
    get_api_token_for_user,
)
from core.forms import ApiTokenForm


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    created = secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            created, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_at=form.cleaned_data["expires_at"],
                request=request,
            )
            # A fresh form: the secret is in this answer only, never in a redirect or session.
            form = ApiTokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "tokens": api_token_list(request.user),
        "created": created,
        "secret": secret,
    }
    return render(request, "core/api_tokens.html", context, status=status)


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for_user(request.user, pk)
    api_token_revoke(token=token, by=request.user, request=request)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
