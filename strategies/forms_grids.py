"""Filters of the large grids (the position and contribution matrices): what a person reads
at once, and a way to reach any row or column directly. An unknown value filters nothing
rather than failing, as the register's filters do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from missions.models import Component, Level, Mission, Stakeholder
from strategies.models import Objective


class ObjectiveFilterForm(forms.Form):
    """Which objectives (the grids' columns) to show: one, those a component serves, or those
    pursued at a level."""

    objective = forms.TypedChoiceField(label=_("Objective"), coerce=int, required=False)
    component = forms.TypedChoiceField(label=_("Component"), coerce=int, required=False)
    objective_level = forms.ChoiceField(
        label=_("Objectives at level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objectives = Objective.objects.filter(
            mission=mission, status=Objective.Status.ACTIVE
        ).order_by("code")
        self.fields["objective"].choices = [
            ("", _("All objectives")),
            *((o.pk, f"{o.code} {Truncator(o.title).chars(60)}") for o in objectives),
        ]
        components = Component.objects.filter(mission=mission).order_by("kind", "name")
        self.fields["component"].choices = [
            ("", _("All components")),
            *((c.pk, c.name) for c in components.only("pk", "name")),
        ]

    def chosen(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None

    def objective_q(self, *, by_component: bool = True) -> Q:
        """The objectives chosen, as a filter on objectives."""
        q = Q()
        if objective := self.chosen("objective"):
            q &= Q(pk=objective)
        if by_component and (component := self.chosen("component")):
            q &= Q(contributions__component_id=component)
        if level := self.chosen("objective_level"):
            q &= Q(levels__contains=[level])
        return q

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(v not in (None, "") for v in self.cleaned_data.values())


class MatrixFilterForm(ObjectiveFilterForm):
    """The contribution matrix's filters: a component chosen is its row, beside every
    objective (an empty cell is where a contribution is added)."""

    def component_q(self) -> Q:
        component = self.chosen("component")
        return Q(pk=component) if component else Q()


class PositionGridFilterForm(ObjectiveFilterForm):
    """The position matrix's filters: stakeholders by group and level, objectives as above."""

    kind = forms.ChoiceField(
        label=_("Stakeholder type"),
        required=False,
        choices=[("", _("All types")), *Stakeholder.Kind.choices],
    )
    level = forms.ChoiceField(
        label=_("Stakeholder level"),
        required=False,
        choices=[("", _("All levels")), *Level.choices],
    )
    field_order = ["kind", "level", "objective", "component", "objective_level"]

    def stakeholder_q(self) -> Q:
        q = Q()
        if kind := self.chosen("kind"):
            q &= Q(kind=kind)
        if level := self.chosen("level"):
            q &= Q(level=level)
        return q
