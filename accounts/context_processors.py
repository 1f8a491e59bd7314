from django.conf import settings
from django.http import HttpRequest

from accounts.second_factor import PROVIDER_SIGN_IN_SESSION_KEY


def sign_in(request: HttpRequest) -> dict[str, bool]:
    """Whether to offer "Password" in the header: not to someone who signed in through the
    organisation, nor where password sign-in is off (no query)."""
    session = getattr(request, "session", None)
    via_provider = bool(session and session.get(PROVIDER_SIGN_IN_SESSION_KEY))
    return {"password_sign_in": settings.LOCAL_LOGIN_ENABLED and not via_provider}
