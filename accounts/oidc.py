"""Organisational sign-in through OpenID Connect (mozilla-django-oidc).

The endpoints come from the settings, or from the issuer's discovery document, fetched when a
sign-in first needs them (a password login never waits for the provider) and kept for an hour.
The provider's email signs in the EXISTING active user with that email, compared without case;
nobody is created, and the reason for a refusal is left on the request for the login page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import resolve_url
from django.utils.functional import cached_property
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser
    from django.http import HttpRequest, HttpResponse

DISCOVERY_MAX_AGE_SECONDS = 3600
END_SESSION_SESSION_KEY = "accounts_provider_end_session"
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


class ProviderUnavailable(Exception):
    """The provider could not be reached, or described itself wrongly."""


class Refusal(StrEnum):
    """Why a sign-in the provider vouched for did not sign anyone in."""

    NO_EMAIL = "no_email"
    UNKNOWN_EMAIL = "unknown_email"
    AMBIGUOUS_EMAIL = "ambiguous_email"


@dataclass(frozen=True)
class ProviderEndpoints:
    issuer: str
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str


def oidc_configured() -> bool:
    """Read at each call, so tests (and the login page) follow the settings of the moment."""
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and (settings.OIDC_OP_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    )


def _discovery_document(issuer: str) -> dict[str, Any]:
    cached = _discovered.get(issuer)
    if cached is not None and time.monotonic() - cached[0] < DISCOVERY_MAX_AGE_SECONDS:
        return cached[1]
    try:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"discovery at {issuer} failed: {exc}") from exc
    # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer we asked.
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ProviderUnavailable(f"{issuer} describes a different issuer")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def provider_endpoints() -> ProviderEndpoints:
    """The endpoints set in the settings, the others from the issuer's discovery document."""
    issuer = settings.OIDC_OP_ISSUER.rstrip("/")
    explicit = {
        "authorization": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo": settings.OIDC_OP_USER_ENDPOINT,
        "jwks": settings.OIDC_OP_JWKS_ENDPOINT,
        "end_session": settings.OIDC_OP_END_SESSION_ENDPOINT,
    }
    if issuer and not all(explicit.values()):
        document = _discovery_document(issuer)
        for name, key in [
            ("authorization", "authorization_endpoint"),
            ("token", "token_endpoint"),
            ("userinfo", "userinfo_endpoint"),
            ("jwks", "jwks_uri"),
            ("end_session", "end_session_endpoint"),
        ]:
            explicit[name] = explicit[name] or str(document.get(key) or "")
    endpoints = ProviderEndpoints(issuer=issuer, **explicit)
    if not (endpoints.authorization and endpoints.token and endpoints.userinfo):
        raise ProviderUnavailable("the provider's endpoints are not all known")
    return endpoints


def remember_end_session(request: HttpRequest) -> None:
    """At sign-in: keep the provider's end_session endpoint, so logging out needs no lookup."""
    try:
        endpoint = provider_endpoints().end_session
    except ProviderUnavailable:
        endpoint = ""
    if endpoint:
        request.session[END_SESSION_SESSION_KEY] = endpoint


def end_session_url(request: HttpRequest) -> str:
    """Where to send a person signed in through the provider when they log out ("" if nowhere).

    OpenID Connect RP-Initiated Logout 1.0: the provider ends its own session too, then comes
    back to our login page.
    """
    id_token = request.session.get("oidc_id_token")
    endpoint = request.session.get(END_SESSION_SESSION_KEY, "")
    if not id_token or not endpoint:
        return ""
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(
            resolve_url(settings.LOGOUT_REDIRECT_URL)
        ),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def axes_ignores_provider_sign_ins(request: HttpRequest, credentials: dict | None) -> bool:
    """``AXES_WHITELIST_CALLABLE``: the lockout is for password guessing. A callback carries a
    code only the provider issues (after its own checks), so a refused one (an unknown email)
    neither counts as a failure nor is stopped by a lockout of the address."""
    return bool(credentials) and "nonce" in credentials


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    """Answers only the OpenID Connect callback (the one caller passing a nonce).

    mozilla-django-oidc checks the token's signature, expiry and nonce; the audience and issuer
    are checked here too. The endpoints are read lazily, not when Django builds the backend for
    every password login.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()

    # The parent's attribute names, read when a callback needs them.
    @cached_property
    def endpoints(self) -> ProviderEndpoints:
        return provider_endpoints()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return self.endpoints.token

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return self.endpoints.userinfo

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return self.endpoints.jwks

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> AbstractBaseUser | None:
        if request is None or "nonce" not in kwargs or not oidc_configured():
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The signing key. OpenID Connect Core 10.1 lets a provider with a single key leave
        ``kid`` out of its tokens; the parent insists on one."""
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", self.OIDC_RP_SIGN_ALGO) == self.OIDC_RP_SIGN_ALGO
        ]
        if len(keys) != 1:
            raise SuspiciousOperation("The ID token names no key and the provider has several.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        issuer = self.endpoints.issuer
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        # The parent's skips the is_active check: a deactivated person's session would go on.
        return ModelBackend.get_user(self, user_id)

    def filter_users_by_claims(self, claims: dict[str, Any]):
        email = str(claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractBaseUser | None:
        """The one active user with the provider's email; never a new account."""
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        # An address the provider itself has not verified proves nothing about the person.
        if not email or claims.get("email_verified") is False:
            self.request.oidc_refusal = (Refusal.NO_EMAIL, email)
            return None
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            reason = Refusal.AMBIGUOUS_EMAIL if users else Refusal.UNKNOWN_EMAIL
            self.request.oidc_refusal = (reason, email)
            return None
        return users[0]


class ProviderLogoutMiddleware:
    """Lets the logout form of an organisational session land on the provider's end_session
    page: browsers apply the policy's form-action to where the form's response redirects.

    After django-csp's CSPMiddleware (so before it on the way out).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        endpoint = session.get(END_SESSION_SESSION_KEY) if session is not None else None
        if endpoint:
            parts = urlsplit(endpoint)
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [
                *update.get("form-action", []),
                f"{parts.scheme}://{parts.netloc}",
            ]
            response._csp_update = update
        return response
