"""An app registers a kind of record without search importing it; a kind is checked when it is
made, and its rows go through its model's scoped queryset."""

from __future__ import annotations

import pytest
from django.urls import reverse

from missions.models import Component
from search.registry import (
    SearchKind,
    scoped_rows,
    search_kind,
    search_kind_register,
    search_kind_unregister,
    search_kinds,
)
from tests.factories import ComponentFactory, ObjectiveFactory
from tests.search.conftest import as_role, search

pytestmark = pytest.mark.django_db


def _components() -> SearchKind:
    return SearchKind(
        key="components",
        label="Components",
        order=5,
        rows=scoped_rows(Component),
        fields=(("name", "A"), ("lead_title", "B")),
        title=lambda c: c.name,
        url=lambda c, m: reverse("strategies:matrix", args=[m.acronym]) + f"#component-{c.pk}",
    )


@pytest.fixture
def components_kind():
    search_kind_register(_components())
    yield search_kind("components")
    search_kind_unregister("components")


def test_the_built_in_kinds_are_registered():
    keys = [kind.key for kind in search_kinds()]
    assert keys[:8] == [
        "objectives",
        "tasks",
        "stakeholders",
        "positions",
        "drivers",
        "assessments",
        "decisions",
        "comments",
    ]


def test_a_registered_kind_is_searched(mission, other_mission, people, components_kind):
    ComponentFactory(mission=mission, name="Joint Mission Analysis Centre")
    ComponentFactory(mission=other_mission, name="Joint Operations Centre")
    ObjectiveFactory(mission=mission, title="Analysis informs the dialogue")
    page = search(as_role("viewer"), "analysis").content.decode()
    assert 'Components <span class="count">1</span>' in page
    assert "Joint Mission Analysis Centre" in page
    assert "Joint Operations Centre" not in page
    # Its order puts it first.
    assert page.index("Joint Mission Analysis Centre") < page.index("informs the dialogue")
    # And its own page lists only it.
    only = search(as_role("viewer"), "analysis", kind="components").content.decode()
    assert "Joint Mission Analysis Centre" in only and "informs the dialogue" not in only


def test_registering_a_key_again_replaces_it(components_kind):
    search_kind_register(_components())
    assert [kind.key for kind in search_kinds()].count("components") == 1


@pytest.mark.parametrize(
    "fields", [(), (("name", "E"),), (("name", "a"),)], ids=["none", "bad", "lowercase"]
)
def test_a_kind_with_bad_fields_is_refused(fields):
    with pytest.raises(ValueError):
        SearchKind(
            key="bad",
            label="Bad",
            order=1,
            rows=scoped_rows(Component),
            fields=fields,
            title=str,
            url=lambda c, m: "",
        )
