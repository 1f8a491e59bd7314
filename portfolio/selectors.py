"""The "My missions" table: one row per mission the user may see, in constant queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone

from mandates.models import Mandate
from missions.models import Mission
from missions.policy import seat
from reviews.models import Review
from strategies.findings import finding_counts


@dataclass
class MissionRow:
    mission: Mission
    role: str
    mandate_symbol: str | None
    mandate_expires_on: date | None
    next_review_due: date | None
    findings: int

    @property
    def days_to_expiry(self) -> int | None:
        if self.mandate_expires_on is None:
            return None
        return (self.mandate_expires_on - timezone.localdate()).days


def mission_rows(user: AbstractBaseUser) -> list[MissionRow]:
    latest = Mandate.objects.filter(mission=OuterRef("pk")).order_by("-adopted_on", "-pk")
    missions = list(
        Mission.objects.visible_to(user)
        .annotate(
            mandate_symbol=Subquery(latest.values("symbol")[:1]),
            mandate_expires_on=Subquery(latest.values("expires_on")[:1]),
            next_review_due=Min(
                "reviews__due_on",
                filter=Q(reviews__status__in=[Review.Status.PLANNED, Review.Status.OPEN]),
            ),
        )
        .order_by("acronym")
    )
    counts = finding_counts(m.pk for m in missions)
    return [
        MissionRow(
            mission=m,
            role=seat(user, m).label,
            mandate_symbol=m.mandate_symbol,
            mandate_expires_on=m.mandate_expires_on,
            next_review_due=m.next_review_due,
            findings=counts.get(m.pk, 0),
        )
        for m in missions
    ]
