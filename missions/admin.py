from django.contrib import admin

from missions.models import (
    Component,
    EndState,
    Membership,
    Mission,
    Stakeholder,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "component"]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "kind", "host_country", "status", "review_cadence_months"]
    list_filter = ["kind", "status", "is_illustrative"]
    search_fields = ["acronym", "name", "host_country", "headquarters"]
    inlines = [MembershipInline]


@admin.register(EndState)
class EndStateAdmin(admin.ModelAdmin):
    list_display = ["mission", "statement", "horizon", "adopted_on", "superseded_on"]
    list_filter = ["mission"]
    search_fields = ["statement", "mission__acronym"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "mission", "role", "component"]
    list_filter = ["role", "mission"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "mission__acronym"]
    autocomplete_fields = ["user", "mission", "component"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["name", "mission", "kind", "lead", "lead_title"]
    list_filter = ["kind", "mission"]
    search_fields = ["name", "mission__acronym", "lead_title"]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "mission", "kind", "level", "influence"]
    list_filter = ["kind", "level", "influence", "mission"]
    search_fields = ["name", "notes", "mission__acronym"]
