from django.contrib import admin

from strategies.models import (
    Assumption,
    Comment,
    ConflictDriver,
    Contribution,
    DriverObjective,
    ExitCondition,
    Objective,
    ProgressMarker,
    Risk,
    StakeholderPosition,
    StrategyVersion,
    TaskAlignment,
)


class AssumptionInline(admin.TabularInline):
    model = Assumption
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


class MarkerInline(admin.TabularInline):
    model = ProgressMarker
    extra = 0


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "mission", "priority", "phase", "status", "parent"]
    list_filter = ["mission", "priority", "phase", "status"]
    search_fields = ["code", "title", "description"]
    inlines = [AssumptionInline, RiskInline, MarkerInline]


@admin.register(ExitCondition)
class ExitConditionAdmin(admin.ModelAdmin):
    list_display = ["description", "kind", "status", "last_assessed_on", "end_state"]
    list_filter = ["kind", "status", "end_state__mission"]
    search_fields = ["description", "evidence"]


@admin.register(Assumption)
class AssumptionAdmin(admin.ModelAdmin):
    list_display = ["statement", "objective", "rating"]
    list_filter = ["rating", "objective__mission"]
    search_fields = ["statement", "objective__code"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["description", "objective", "severity"]
    list_filter = ["severity", "objective__mission"]
    search_fields = ["description", "mitigation"]


@admin.register(ProgressMarker)
class ProgressMarkerAdmin(admin.ModelAdmin):
    list_display = ["statement", "objective", "baseline", "target", "latest_reading"]
    list_filter = ["objective__mission"]
    search_fields = ["statement", "objective__code"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["component", "objective", "role"]
    list_filter = ["role", "component__mission"]
    search_fields = ["component__name", "objective__code", "narrative"]


@admin.register(TaskAlignment)
class TaskAlignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "objective"]
    list_filter = ["objective__mission"]
    search_fields = ["task__reference", "objective__code"]


@admin.register(StakeholderPosition)
class StakeholderPositionAdmin(admin.ModelAdmin):
    list_display = ["stakeholder", "objective", "stance", "as_of"]
    list_filter = ["stance", "objective__mission"]
    search_fields = ["stakeholder__name", "objective__code", "note"]
    date_hierarchy = "as_of"


@admin.register(ConflictDriver)
class ConflictDriverAdmin(admin.ModelAdmin):
    list_display = ["title", "mission", "level"]
    list_filter = ["level", "mission"]
    search_fields = ["title", "description", "leverage_points", "entry_points"]


@admin.register(DriverObjective)
class DriverObjectiveAdmin(admin.ModelAdmin):
    list_display = ["driver", "objective"]
    list_filter = ["objective__mission"]
    search_fields = ["driver__title", "objective__code"]


@admin.register(StrategyVersion)
class StrategyVersionAdmin(admin.ModelAdmin):
    list_display = ["mission", "number", "approved_by", "approved_at"]
    list_filter = ["mission"]
    search_fields = ["mission__acronym", "note"]
    readonly_fields = [
        "mission",
        "number",
        "end_state",
        "approved_by",
        "approved_at",
        "note",
        "snapshot",
    ]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "body",
        "author",
        "mission",
        "objective",
        "version",
        "created_at",
        "resolved_at",
    ]
    list_filter = ["mission", "resolved_at"]
    search_fields = ["body", "author__username"]
