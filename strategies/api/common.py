"""What every strategy endpoint shares: the scoped queryset, the policy, the write scope.

Reads are scoped at the queryset to the caller's missions, so a list cannot leak and a record
of another mission is 404, as if it did not exist. Writes ask ``can()`` with the endpoint's
action and the record (component leads act only on their own component), and go through the
services the pages use, which ask it again and hold the rules of each write. Related records
in the input are looked up among the caller's missions only, and among the records the caller
may read (need to know), so they cannot be used to probe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import reduce
from typing import Any

import pghistory
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from django_filters.filters import QuerySetRequestMixin
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.api_concurrency import RevisionConcurrencyMixin
from core.api_input import BIGINT_MAX, TAKEN, AlreadyExists
from core.concurrency import StaleEdit
from core.hostile_input import plain_digits
from missions.models import Mission
from missions.need_to_know import readable
from missions.policy import Action, allowed_actions, can, seats
from missions.querysets import people_visible_to


def visible_missions(request: Request | None) -> QuerySet[Mission]:
    if request is None:
        return Mission.objects.none()
    return Mission.objects.visible_to(request.user)


def input_mission(serializer: serializers.Serializer, attrs: dict[str, Any]) -> Mission:
    """The mission of the row being written: given on create, the row's own on update."""
    if "mission" in attrs:
        return attrs["mission"]
    return serializer.instance.mission


@extend_schema_field(OpenApiTypes.STR)
class MissionAcronymField(serializers.RelatedField):
    """A mission named by its acronym (any case), among the caller's missions only."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("You hold no role in a mission called “{value}”."),
        "invalid": gettext_lazy("Give the mission's acronym, such as UNSMK."),
    }

    def __init__(self, **kwargs: Any):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Mission.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Mission]:
        return visible_missions(self.context.get("request"))

    def to_internal_value(self, data: Any) -> Mission:
        if not isinstance(data, str) or not data.strip():
            self.fail("invalid")
        mission = self.get_queryset().filter(acronym__iexact=data.strip()).first()
        if mission is None:
            self.fail("does_not_exist", value=data.strip())
        return mission

    def to_representation(self, value: Mission) -> str:
        return value.acronym


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related row by id, found only among the caller's missions and only if the caller
    may read it, at its own level and its parents' (else "does not exist", exactly as a row
    of another mission: the answer tells nothing of what is hidden).

    The field's queryset is built at import, when nobody is reading, so the need-to-know
    rule of the models' managers is not in it: it is applied here, for the request's user.
    """

    def __init__(self, *, mission_path: str, **kwargs: Any):
        self.mission_path = mission_path
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return (
            queryset.filter(
                readable(queryset.model, request.user),
                **{f"{self.mission_path}__in": visible_missions(request)},
            )
            # A person with roles in two of the caller's missions would otherwise come twice.
            .distinct()
        )


class WholeNumberFilter(filters.NumberFilter):
    """A whole number the database can hold, such as an id: anything else is a 400 naming the
    parameter (a plain NumberFilter takes 1.5 or 10**30 and quietly finds nothing)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("min_value", -BIGINT_MAX - 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(*args, **kwargs)


def visible_choices(queryset: QuerySet) -> Any:
    """The rows of ``queryset`` the request's user may see, as a callable of the request:
    django-filter's way to scope a ``ModelChoiceFilter`` (people: the members of the
    caller's missions). A model without ``visible_to`` is refused at import, not exposed."""
    model = queryset.model
    if model is get_user_model():

        def people(request: Request | None) -> QuerySet:
            user = getattr(request, "user", None)
            if user is None:
                return queryset.none()
            return queryset.filter(pk__in=people_visible_to(user).values("pk"))

        return people
    if not hasattr(queryset, "visible_to"):
        raise ImproperlyConfigured(
            f"A filter by {model.__name__} needs {model.__name__}.objects.visible_to(user): "
            "without it, the filter would tell which ids exist in other missions."
        )

    def visible(request: Request | None) -> QuerySet:
        user = getattr(request, "user", None)
        return queryset.none() if user is None else queryset.visible_to(user)

    return visible


class ScopedFilterSet(filters.FilterSet):
    """Every filter naming a related record by id finds it among the rows the caller may see.

    A well-formed id of another mission's row answers exactly as an id that does not exist:
    an empty list (so a filter cannot tell which ids exist, and a valid request is never
    refused). An id that is not a whole number is a 400 naming the parameter.
    """

    unknown_ids = False

    @classmethod
    def get_filters(cls) -> dict[str, filters.Filter]:
        found = super().get_filters()
        for name, declared in found.items():
            # Declared filters are shared with subclasses: wrap each once.
            if isinstance(declared, QuerySetRequestMixin) and not getattr(
                declared, "scoped", False
            ):
                if declared.queryset is None or callable(declared.queryset):
                    raise ImproperlyConfigured(
                        f"{cls.__name__}.{name}: give a queryset; it is scoped to the caller here."
                    )
                declared.queryset = visible_choices(declared.queryset.all())
                declared.scoped = True
        return found

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for declared in self.filters.values():
            # A form field built before (schema generation has no request) must not be reused.
            declared.__dict__.pop("_field", None)

    def is_valid(self) -> bool:
        if super().is_valid():
            return True
        self.unknown_ids = self._only_unknown_ids()
        return self.unknown_ids

    def _only_unknown_ids(self) -> bool:
        """Every error is a related-record filter given whole numbers that name nothing."""
        for name, errors in self.form.errors.as_data().items():
            declared = self.filters.get(name)
            if not isinstance(declared, QuerySetRequestMixin):
                return False
            if any(error.code != "invalid_choice" for error in errors):
                return False
            values = self.form.data.getlist(name) if hasattr(self.form.data, "getlist") else []
            if not values or not all(_is_id(value) for value in values):
                return False
        return True

    @property
    def qs(self) -> QuerySet:
        return self.queryset.none() if self.unknown_ids else super().qs


def _is_id(value: str) -> bool:
    text = value.strip()
    return plain_digits(text) and int(text) <= BIGINT_MAX


class MissionFilterSet(ScopedFilterSet):
    """``?mission=UNSMK``: by acronym, any case. Subclasses say where the mission is.

    Integer columns named in ``Meta.fields`` are filtered by ``WholeNumberFilter``.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        **{
            field: {"filter_class": WholeNumberFilter}
            for field in (
                models.AutoField,
                models.SmallIntegerField,
                models.IntegerField,
                models.PositiveIntegerField,
                models.PositiveSmallIntegerField,
            )
        },
    }

    mission = filters.CharFilter(
        field_name="mission__acronym", lookup_expr="iexact", label="Mission acronym"
    )


class PolicyPermission(permissions.BasePermission):
    """Reads were decided by the scoped queryset; writes go through the one policy.

    A create is refused at once when the caller may take the action in none of their
    missions; the view then asks ``can()`` for the mission (and component) of the new row.
    Changing or deleting a row asks ``can()`` with the row itself.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS or view.action != "create":
            return True
        return any(
            view.write_action in allowed_actions(request.user, mission_id)
            for mission_id in seats(request.user)
        )

    def has_object_permission(self, request: Request, view: Any, obj: models.Model) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return can(request.user, view.write_action, view.mission_of(obj), obj)


class MissionScopedViewSet(viewsets.GenericViewSet):
    """Base of the strategy viewsets: scoped reads, policy-checked writes, history context.

    Subclasses set ``mission_path`` (from a row to its mission, as a lookup), implement
    ``base_queryset()`` and, for creates, ``create_target()``. ``create_serializer_class``
    is used for creates, so that fields fixed at birth (the mission, the cell of a
    contribution) are writable only then.
    """

    permission_classes = [permissions.IsAuthenticated, PolicyPermission]
    write_action: Action = Action.EDIT_STRATEGY
    mission_path = "mission"
    create_serializer_class: type[serializers.Serializer] | None = None

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        # The model's own scope (missions/querysets.py), decided in the database.
        return self.base_queryset().visible_to(self.request.user)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        # By method rather than action, so that OPTIONS describes POST with the right fields.
        creating = getattr(self.request, "method", None) == "POST"
        if creating and self.create_serializer_class is not None:
            return self.create_serializer_class
        return super().get_serializer_class()

    def mission_of(self, obj: models.Model) -> Mission:
        return reduce(getattr, self.mission_path.split("__"), obj)

    # -- writes

    @contextmanager
    def write_scope(self, target: models.Model) -> Iterator[None]:
        """One transaction, the mission in the history context; a service's refusal of the
        input and a constraint race are 400."""
        mission = target if isinstance(target, Mission) else self.mission_of(target)
        try:
            with transaction.atomic(), pghistory.context(mission=mission.acronym):
                yield
        except DjangoValidationError as exc:
            raise invalid_input(exc) from exc
        except IntegrityError as exc:
            # The serializer checked first; this is someone saving the same thing meanwhile.
            raise saved_meanwhile() from exc

    def create_target(self, data: dict[str, Any]) -> tuple[Mission, Any]:
        """The mission a new row belongs to, and the record the policy should judge."""
        return data["mission"], None

    def perform_destroy(self, instance: models.Model) -> None:
        with self.write_scope(instance):
            instance.delete()


def invalid_input(
    exc: DjangoValidationError, *, whole: str = api_settings.NON_FIELD_ERRORS_KEY
) -> ValidationError:
    """A service's ``ValidationError`` as the API's 400: the messages by field, and those
    about the input as a whole under ``whole``."""
    if hasattr(exc, "error_dict"):
        errors = {
            whole if name == NON_FIELD_ERRORS else name: messages
            for name, messages in exc.message_dict.items()
        }
        found = [error for field in exc.error_dict.values() for error in field]
    else:
        errors = {whole: exc.messages}
        found = exc.error_list
    # Only a clash (code="taken", such as an objective code in use) and nothing else: 409.
    if all(error.code == TAKEN for error in found):
        return AlreadyExists(errors)
    return ValidationError(errors)


def saved_meanwhile() -> ValidationError:
    return ValidationError(
        {
            api_settings.NON_FIELD_ERRORS_KEY: [
                _("This clashes with a record saved meanwhile. Reload and try again.")
            ]
        }
    )


class ScopedCreateModelMixin(mixins.CreateModelMixin):
    """Create: validate the input, then ``perform_create`` inside the write scope.

    Kept out of the base class so that read-only endpoints do not answer POST.
    """

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mission, _target = self.create_target(dict(serializer.validated_data))
        try:
            with self.write_scope(mission):
                instance = self.perform_create(serializer)
        except StaleEdit as exc:
            # A service will not overwrite the row someone created meanwhile in its place.
            raise saved_meanwhile() from exc
        fresh = self.get_queryset().get(pk=instance.pk)
        # Answer with the read shape, the same one a GET of the new record gives.
        serializer = self.serializer_class(fresh, context=self.get_serializer_context())
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    def perform_create(self, serializer: serializers.Serializer) -> models.Model:
        """Insert the new row and return it. Viewsets whose write has a service call it (it
        asks the policy); this default, for a bare row, asks ``can()`` itself."""
        data = dict(serializer.validated_data)
        mission, target = self.create_target(data)
        if not can(self.request.user, self.write_action, mission, target):
            raise PermissionDenied
        return self.get_queryset().model.objects.create(**data)


class EditableViewSet(
    RevisionConcurrencyMixin,
    MissionScopedViewSet,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedCreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
):
    """Base of the revisioned records: list, read, create, change, delete, with ETag and
    If-Match. Subclasses write through their record's services in ``perform_create``,
    ``perform_update`` and ``perform_destroy``."""
