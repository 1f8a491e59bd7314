from django.contrib import admin

from reviews.models import ContributionAssessment, Decision, ObjectiveAssessment, Reminder, Review


class ObjectiveAssessmentInline(admin.TabularInline):
    model = ObjectiveAssessment
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["mission", "period_start", "period_end", "due_on", "status", "led_by"]
    list_filter = ["status", "mission"]
    search_fields = ["mission__acronym", "summary"]
    date_hierarchy = "due_on"
    inlines = [ObjectiveAssessmentInline, DecisionInline]


@admin.register(ObjectiveAssessment)
class ObjectiveAssessmentAdmin(admin.ModelAdmin):
    list_display = ["review", "objective", "progress", "assessed_by"]
    list_filter = ["progress", "review__mission"]
    search_fields = ["objective__code", "evidence", "political_environment"]


@admin.register(ContributionAssessment)
class ContributionAssessmentAdmin(admin.ModelAdmin):
    list_display = ["review", "contribution", "strength", "assessed_by"]
    list_filter = ["strength", "review__mission"]
    search_fields = ["contribution__component__name", "evidence"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["review", "kind", "objective", "task", "applied_at"]
    list_filter = ["kind", "review__mission"]
    search_fields = ["rationale"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["rule", "recipient", "mission", "period", "status", "email"]
    list_filter = ["rule", "status", "mission"]
    search_fields = ["recipient__username", "object_key", "rule"]
