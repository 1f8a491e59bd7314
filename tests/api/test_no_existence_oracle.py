"""No existence oracle: an id of another mission's record answers exactly as an id that does not
exist, in every filter and every writable related field of every API list endpoint.

The filters and fields are read from the router's viewsets, their filtersets and serializers,
so a filter or field added later is probed without touching this module. The prober is a
member of UNTEST; the foreign ids are those of UNOTHER, where the prober holds no role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django_filters.filters import NumberFilter, QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from missions.models import Membership, Mission
from reviews.models import Review
from strategies.models import Assumption, Risk
from strategy_app.api_urls import router
from tests.api.conftest import make_strategy
from tests.factories import EndStateFactory, MembershipFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

# Those the issue names: they must be among the ones found, or discovery is broken.
NAMED_IN_THE_ISSUE = {
    ("objectives", "parent"),
    ("contributions", "objective"),
    ("contributions", "component"),
    ("decisions", "review"),
    ("positions", "stakeholder"),
    ("alignments", "task"),
}


# -- discovery


def _filterset_class(viewset: type) -> Any:
    filterset = getattr(viewset, "filterset_class", None)
    if filterset is None and getattr(viewset, "filterset_fields", None):
        model = viewset.serializer_class.Meta.model
        view = viewset()
        filterset = DjangoFilterBackend().get_filterset_class(view, model.objects.none())
    return filterset


def _model_at(model: type[models.Model], path: str) -> type[models.Model] | None:
    """The model a filter's path names a row of (by id), or None if it names a plain value."""
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.primary_key and not field.is_relation:
            return model
        if not field.is_relation:
            return None
        model = field.related_model
    return model


def id_filters() -> list[tuple[str, str, type[models.Model]]]:
    """(endpoint, parameter, model named) for every filter that takes a record's id."""
    found = []
    for prefix, viewset, _basename in router.registry:
        filterset = _filterset_class(viewset)
        if filterset is None:
            continue
        for name, declared in filterset.base_filters.items():
            if isinstance(declared, QuerySetRequestMixin):
                found.append((prefix, name, declared.get_queryset(None).model))
            elif isinstance(declared, NumberFilter):
                model = _model_at(filterset._meta.model, declared.field_name)
                if model is not None:
                    found.append((prefix, name, model))
    return found


def related_fields() -> list[tuple[str, str]]:
    """(endpoint, field) for every writable related field of a create on a list endpoint."""
    found = []
    for prefix, viewset, _basename in router.registry:
        if not hasattr(viewset, "create"):
            continue
        serializer_class = getattr(viewset, "create_serializer_class", None)
        for name, field in (serializer_class or viewset.serializer_class)().fields.items():
            related = (
                field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            )
            if isinstance(related, serializers.RelatedField) and not field.read_only:
                found.append((prefix, name))
    return found


ID_FILTERS = id_filters()
RELATED_FIELDS = related_fields()


def test_discovery_finds_the_filters_and_fields_named_in_the_issue():
    assert {(prefix, name) for prefix, name, _model in ID_FILTERS} >= NAMED_IN_THE_ISSUE
    assert len(RELATED_FIELDS) >= 15
    assert ("objectives", "owner") in RELATED_FIELDS and ("decisions", "review") in RELATED_FIELDS


# -- the world: UNTEST (the prober's) and UNOTHER (foreign), one of each record in each


@dataclass
class World:
    prober: Any
    foreign: dict[type[models.Model], list[int]]  # UNOTHER's rows, by model

    def foreign_row(self, model: type[models.Model]) -> models.Model:
        ids = self.foreign.get(model)
        assert ids, f"Give UNOTHER a {model.__name__} in this module's world to probe with."
        return model._default_manager.get(pk=ids[0])


def _snapshot() -> dict[type[models.Model], set[int]]:
    return {
        model: set(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.app_label
        in {"auth", "missions", "mandates", "strategies", "reviews", "benchmarks"}
    }


def _fill(mission) -> Any:
    strategy = make_strategy(mission)
    Assumption.objects.create(objective=strategy.objective, statement="The parties keep talking.")
    Risk.objects.create(objective=strategy.objective, description="Spoilers.", severity="high")
    ReviewFactory(mission=mission)
    MembershipFactory(mission=mission, role="component_lead", component=strategy.other)
    return strategy


# Every write needs one of these roles; each probes with the rights it has.
@pytest.fixture(params=["strategy_editor", "chief_of_staff", "component_lead"])
def world(request, mission, other_mission) -> World:
    own = _fill(mission).own
    component = own if request.param == "component_lead" else None
    prober = MembershipFactory(
        mission=mission, role=request.param, component=component, user=UserFactory()
    ).user
    before = _snapshot()
    EndStateFactory(mission=other_mission)
    _fill(other_mission)
    after = _snapshot()
    foreign = {model: sorted(after[model] - before[model]) for model in after}
    foreign[Mission] = [other_mission.pk]
    # People: those with a role in UNOTHER only.
    foreign[get_user_model()] = sorted(
        Membership.objects.filter(mission=other_mission)
        .exclude(user__memberships__mission=mission)
        .values_list("user_id", flat=True)
    )
    return World(prober=prober, foreign=foreign)


def _missing_id(model: type[models.Model]) -> int:
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
    return top + 10_000


def _answer(response, probe: Any) -> tuple[int, str]:
    """Status and body, the probed value itself blanked (a message may quote it)."""
    body = json.dumps(response.json(), sort_keys=True)
    for shown in {str(probe), json.dumps(probe)}:
        body = body.replace(shown, "<probed>")
    return response.status_code, body


# -- filters


@pytest.mark.parametrize(
    ("prefix", "name", "model"), ID_FILTERS, ids=[f"{p}?{n}" for p, n, _m in ID_FILTERS]
)
def test_a_foreign_id_in_a_filter_answers_as_a_missing_one(api, world, prefix, name, model):
    api.force_authenticate(world.prober)
    foreign = world.foreign_row(model).pk
    missing = _missing_id(model)
    url = f"/api/v1/{prefix}/"
    by_foreign = api.get(url, {name: foreign})
    by_missing = api.get(url, {name: missing})
    assert _answer(by_foreign, foreign) == _answer(by_missing, missing)
    # The documented answer (API description): nothing found, as for any filter.
    assert by_foreign.status_code == 200, by_foreign.content
    assert by_foreign.json()["count"] == 0


def test_an_id_the_prober_may_see_still_filters(api, world, mission):
    api.force_authenticate(world.prober)
    own = mission.objectives.get(code="O2")
    child = mission.objectives.get(code="O1")
    child.parent = own
    child.save(update_fields=["parent"])
    found = api.get("/api/v1/objectives/", {"parent": own.pk})
    assert found.status_code == 200
    assert [row["id"] for row in found.json()["results"]] == [child.pk]


def test_a_foreign_mission_acronym_answers_as_a_missing_one(api, world):
    api.force_authenticate(world.prober)
    for prefix, viewset, _basename in router.registry:
        filterset = _filterset_class(viewset)
        if filterset is None or "mission" not in filterset.base_filters:
            continue
        by_foreign = api.get(f"/api/v1/{prefix}/", {"mission": "UNOTHER"})
        by_missing = api.get(f"/api/v1/{prefix}/", {"mission": "UNNOWHERE"})
        assert by_foreign.status_code == by_missing.status_code == 200, prefix
        assert by_foreign.json() == by_missing.json(), prefix
        assert by_foreign.json()["count"] == 0


def test_id_filters_are_scoped_in_the_database(api, world, django_assert_max_num_queries):
    """A filter by id costs the same few queries however many missions and rows there are."""
    api.force_authenticate(world.prober)
    foreign = world.foreign_row(Review).pk
    api.get("/api/v1/decisions/", {"review": foreign})  # warm the caches (throttle, session)
    with django_assert_max_num_queries(6):
        api.get("/api/v1/decisions/", {"review": foreign})


# -- related fields of writes


@pytest.mark.parametrize(
    ("prefix", "name"), RELATED_FIELDS, ids=[f"{p}.{n}" for p, n in RELATED_FIELDS]
)
def test_a_foreign_id_in_a_related_field_answers_as_a_missing_one(api, world, prefix, name):
    api.force_authenticate(world.prober)
    viewset = dict((p, v) for p, v, _b in router.registry)[prefix]
    serializer_class = getattr(viewset, "create_serializer_class", None) or viewset.serializer_class
    field = serializer_class().fields[name]
    many = isinstance(field, serializers.ManyRelatedField)
    related = field.child_relation if many else field
    row = world.foreign_row(related.queryset.model)
    foreign = related.to_representation(row)
    missing = _missing_id(related.queryset.model) if isinstance(foreign, int) else "ZZNOWHERE"
    url = f"/api/v1/{prefix}/"
    by_foreign = api.post(url, {name: [foreign] if many else foreign}, format="json")
    by_missing = api.post(url, {name: [missing] if many else missing}, format="json")
    assert _answer(by_foreign, foreign) == _answer(by_missing, missing)
    assert by_foreign.status_code in (400, 403), by_foreign.content
    if by_foreign.status_code == 400:
        assert name in by_foreign.json()["errors"]
