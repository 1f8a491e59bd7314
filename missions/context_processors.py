from django.http import HttpRequest

from missions.models import Mission


def mission_switcher(request: HttpRequest) -> dict:
    """The user's missions for the header switcher (one query, only when rendered)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "switcher_missions": Mission.objects.visible_to(user)
        .only("acronym", "name")
        .order_by("acronym")
    }
