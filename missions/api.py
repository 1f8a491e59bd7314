"""Missions over the API: the same scoped queryset and policy as the pages."""

from django.db.models import QuerySet
from rest_framework import permissions, serializers, viewsets

from missions.models import Mission
from missions.policy import Action, can, seat


class MissionPolicyPermission(permissions.BasePermission):
    """Object-level check through the one policy (the queryset already hides outsiders)."""

    action = Action.VIEW

    def has_object_permission(self, request, view, obj: Mission) -> bool:
        return can(request.user, self.action, obj)


class MissionViewSet(viewsets.ReadOnlyModelViewSet):
    """Missions in which the caller holds a role; anyone else's are 404."""

    lookup_field = "acronym"
    permission_classes = [permissions.IsAuthenticated, MissionPolicyPermission]
    filterset_fields = ["kind", "status"]

    class MissionSerializer(serializers.ModelSerializer):
        role = serializers.SerializerMethodField()

        class Meta:
            model = Mission
            fields = [
                "id",
                "acronym",
                "name",
                "kind",
                "host_country",
                "headquarters",
                "time_zone",
                "established_on",
                "status",
                "review_cadence_months",
                "is_illustrative",
                "role",
            ]

        def get_role(self, obj: Mission) -> str | None:
            held = seat(self.context["request"].user, obj)
            return held.role if held else None

    serializer_class = MissionSerializer

    def get_queryset(self) -> QuerySet[Mission]:
        return Mission.objects.visible_to(self.request.user).order_by("acronym")
