"""factory_boy factories for the domain; sequences keep natural keys unique."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model

from mandates.models import Mandate, MandatedTask
from missions.models import Component, EndState, Membership, Mission, Stakeholder
from reviews.models import Review
from strategies.models import (
    ConflictDriver,
    Contribution,
    ExitCondition,
    Objective,
    ProgressMarker,
    StakeholderPosition,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pass-word-123")


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    acronym = factory.Sequence(lambda n: f"UNM{n:03d}")
    name = factory.LazyAttribute(lambda m: f"United Nations Mission {m.acronym}")
    kind = Mission.Kind.PEACEKEEPING
    host_country = "Kalvaria"
    headquarters = "Port Lume"
    time_zone = "Africa/Nairobi"
    established_on = date(2019, 1, 1)


class EndStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EndState

    mission = factory.SubFactory(MissionFactory)
    statement = "An inclusive political settlement holds and the State protects its people."
    horizon = "2029"
    adopted_on = date(2024, 1, 1)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    mission = factory.SubFactory(MissionFactory)
    name = factory.Sequence(lambda n: f"Section {n}")
    kind = Component.Kind.CIVILIAN


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    mission = factory.SubFactory(MissionFactory)
    role = "viewer"


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    mission = factory.SubFactory(MissionFactory)
    symbol = factory.Sequence(lambda n: f"S/RES/{2700 + n} (2025)")
    adopted_on = date(2025, 3, 1)
    expires_on = factory.LazyFunction(lambda: date.today() + timedelta(days=200))


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MandatedTask

    mandate = factory.SubFactory(MandateFactory)
    reference = factory.Sequence(lambda n: f"{n + 1}")
    position = factory.Sequence(int)
    text = "To support the implementation of the peace agreement."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    mission = factory.SubFactory(MissionFactory)
    end_state = factory.LazyAttribute(
        lambda o: o.mission.current_end_state or EndStateFactory(mission=o.mission)
    )
    code = factory.Sequence(lambda n: f"O{n + 1}")
    title = factory.Sequence(lambda n: f"Objective {n + 1}")
    levels = ["national"]


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    objective = factory.SubFactory(ObjectiveFactory)
    component = factory.SubFactory(
        ComponentFactory, mission=factory.SelfAttribute("..objective.mission")
    )
    role = Contribution.Role.LEAD
    narrative = "Opens space for the dialogue the objective needs."


class MarkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressMarker

    objective = factory.SubFactory(ObjectiveFactory)
    statement = "Parties meet monthly in the joint commission."


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    mission = factory.SubFactory(MissionFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    kind = Stakeholder.Kind.CIVIL_SOCIETY
    level = "national"
    influence = Stakeholder.Influence.MEDIUM


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderPosition

    stakeholder = factory.SubFactory(StakeholderFactory)
    objective = factory.SubFactory(
        ObjectiveFactory, mission=factory.SelfAttribute("..stakeholder.mission")
    )
    stance = StakeholderPosition.Stance.SUPPORTS
    as_of = factory.LazyFunction(date.today)


class DriverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDriver

    mission = factory.SubFactory(MissionFactory)
    level = "local"
    title = factory.Sequence(lambda n: f"Driver {n}")


class ExitConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitCondition

    end_state = factory.SubFactory(EndStateFactory)
    kind = ExitCondition.Kind.SECURITY
    description = "Armed groups no longer threaten civilians in the east."
    evidence = "Incident data, quarterly."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    mission = factory.SubFactory(MissionFactory)
    period_start = date(2026, 10, 1)
    period_end = date(2026, 12, 31)
    due_on = date(2027, 1, 15)
