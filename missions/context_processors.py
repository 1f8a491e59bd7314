from collections.abc import Callable
from functools import cache
from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest

from missions.models import Mission
from missions.need_to_know import memberships_of


def mission_switcher(request: HttpRequest) -> dict[str, Callable[[], Any]]:
    """The user's missions for the header switcher, read only when a page shows it: from the
    memberships every page reads already (need to know, seats), or every mission for an
    administrator (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}

    @cache
    def missions() -> Any:
        if user.is_superuser:
            return list(Mission.objects.only("acronym", "name").order_by("acronym"))
        return sorted(
            (
                SimpleNamespace(pk=mission_id, acronym=acronym)
                for mission_id, _role, _component, acronym in memberships_of(user)
            ),
            key=lambda m: m.acronym,
        )

    return {"switcher_missions": missions}
