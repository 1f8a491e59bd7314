"""Missions, the people who work on them, their components and stakeholders.

Everything in the strategy hangs on a mission's political end state, so the end state lives
here, at the bottom of the app graph, where mandates, components and objectives can all point
to it with a real foreign key.
"""

import zoneinfo
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.concurrency import Revisioned
from core.dbchecks import choice_check, date_order_check
from core.history import tracked
from missions.classification import Classification, Classified, classification_check
from missions.need_to_know import reader_manager
from missions.querysets import (
    ComponentQuerySet,
    EndStateQuerySet,
    MembershipQuerySet,
    MissionQuerySet,
    StakeholderQuerySet,
)
from missions.roles import Role


class Level(models.TextChoices):
    """Levels of political engagement (recommendation 2 of the policy note)."""

    INTERNATIONAL = "international", _("International")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Sub-national / local")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class MissionKind(models.TextChoices):
    PEACEKEEPING = "pko", _("Peacekeeping operation")
    SPECIAL_POLITICAL = "spm", _("Special political mission")


class MissionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DRAWDOWN = "drawdown", _("Drawing down")
    CLOSED = "closed", _("Closed")


@tracked(mission="")
class Mission(Revisioned):
    Kind = MissionKind

    Status = MissionStatus

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    host_country = models.CharField(_("host country"), max_length=100)
    headquarters = models.CharField(_("headquarters"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    established_on = models.DateField(_("established on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="active")
    review_cadence_months = models.PositiveSmallIntegerField(
        _("review cadence (months)"), default=3, help_text=_("Quarterly by default.")
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Fictional demo content.")
    )
    # Need to know (missions.need_to_know): the level a new record starts at, the mission's
    # own marking for it ("UN Restricted"), and two choices the bulletin leaves to the mission.
    default_classification = models.PositiveSmallIntegerField(
        _("default classification"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        help_text=_("The level a new record starts at."),
    )
    classification_label = models.CharField(
        _("mission's marking"),
        max_length=60,
        blank=True,
        help_text=_(
            "How the mission marks material at its default level, for example UN Restricted."
        ),
    )
    hq_reads_confidential = models.BooleanField(
        _("share Confidential records with HQ desk officers"), default=False
    )
    chief_reads_strictly_confidential = models.BooleanField(
        _("the chief of staff reads every Strictly confidential record"), default=False
    )

    objects = MissionQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        constraints = [
            choice_check("kind", MissionKind, "mission_kind_valid"),
            choice_check("status", MissionStatus, "mission_status_valid"),
            models.CheckConstraint(
                condition=models.Q(review_cadence_months__gte=1, review_cadence_months__lte=12),
                name="mission_cadence_1_to_12_months",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.acronym}: {self.name}"

    def get_absolute_url(self) -> str:
        from missions.navigation import mission_home_url  # the apps have registered by now

        return mission_home_url(self.acronym)

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def today(self) -> date:
        """Today where the mission is: due dates and "in N days" count in its time zone."""
        return timezone.localdate(timezone=self.zone)

    @property
    def current_end_state(self) -> "EndState | None":
        """The end state in force (prefetched as ``current_end_states`` by selectors)."""
        cached = getattr(self, "current_end_states", None)
        if cached is not None:
            return cached[0] if cached else None
        return self.end_states.filter(superseded_on__isnull=True).first()


@tracked()
class EndState(Revisioned):
    """The political and security conditions the mission exists to help reach.

    When a mission re-founds its strategy, the old end state is superseded, not edited, so
    objectives, mandates and components that served it keep pointing at it.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="end_states")
    statement = models.TextField(_("statement"), max_length=10_000)
    horizon = models.CharField(
        _("horizon"), max_length=100, blank=True, help_text=_("For example: end of 2028.")
    )
    adopted_on = models.DateField(_("adopted on"))
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)

    objects = EndStateQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on"]
        verbose_name = _("political end state")
        constraints = [
            models.UniqueConstraint(
                fields=["mission"],
                condition=models.Q(superseded_on__isnull=True),
                name="one_current_end_state_per_mission",
            ),
            date_order_check("adopted_on", "superseded_on", "end_state_dates_in_order"),
        ]

    def __str__(self) -> str:
        return Truncator(self.statement).chars(80)


class Membership(models.Model):
    """A person's role in one mission. Access to a mission exists only through this row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    component = models.ForeignKey(
        "Component",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lead_memberships",
        help_text=_("Only for component leads: the component they lead."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["mission__acronym", "role"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "mission"], name="one_role_per_user_and_mission"
            ),
            choice_check("role", Role, "membership_role_valid"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="component_lead", component__isnull=False)
                    | (~models.Q(role="component_lead") & models.Q(component__isnull=True))
                ),
                name="component_iff_component_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.mission.acronym} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.component_id and self.component.mission_id != self.mission_id:
            raise ValidationError({"component": _("The component must belong to this mission.")})


class ComponentKind(models.TextChoices):
    MILITARY = "military", _("Military")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian")


@tracked()
class Component(Revisioned):
    Kind = ComponentKind

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="components")
    end_state = models.ForeignKey(
        EndState, on_delete=models.PROTECT, null=True, blank=True, related_name="components"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_components",
    )
    lead_title = models.CharField(
        _("lead's title"), max_length=120, blank=True, help_text=_("For example: Force Commander.")
    )

    objects = ComponentQuerySet.as_manager()

    class Meta:
        ordering = ["mission", "name"]
        verbose_name = _("component")
        constraints = [
            models.UniqueConstraint(fields=["mission", "name"], name="component_name_unique"),
            choice_check("kind", ComponentKind, "component_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class StakeholderKind(models.TextChoices):
    SECURITY_COUNCIL = "security_council", _("Security Council")
    SECRETARIAT = "secretariat", _("UN Secretariat")
    HOST_GOVERNMENT = "host_government", _("Host government")
    REGIONAL_ORG = "regional_org", _("Regional organisation")
    SUBREGIONAL_ORG = "subregional_org", _("Sub-regional organisation")
    NEIGHBOURING_STATE = "neighbouring_state", _("Neighbouring state")
    MEMBER_STATE = "member_state", _("Member state")
    CONTRIBUTOR = "contributor", _("Troop or police contributor")
    DONOR = "donor", _("Donor")
    ARMED_GROUP = "armed_group", _("Armed group")
    PARTY = "party", _("Political party")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")


class StakeholderInfluence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


@tracked()
class Stakeholder(Classified, Revisioned):
    Kind = StakeholderKind

    Influence = StakeholderInfluence

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=13, choices=Level.choices)
    influence = models.CharField(_("influence"), max_length=6, choices=Influence.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=4_000)

    objects = reader_manager(StakeholderQuerySet)

    class Meta:
        ordering = ["mission", "name"]
        verbose_name = _("stakeholder")
        constraints = [
            classification_check("stakeholder_classification_valid"),
            models.UniqueConstraint(fields=["mission", "name"], name="stakeholder_name_unique"),
            choice_check("kind", StakeholderKind, "stakeholder_kind_valid"),
            choice_check("level", Level, "stakeholder_level_valid"),
            choice_check("influence", StakeholderInfluence, "stakeholder_influence_valid"),
        ]

    def __str__(self) -> str:
        return self.name
