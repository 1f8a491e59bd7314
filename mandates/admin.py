from django.contrib import admin

from mandates.models import Mandate, MandatedTask, MandateImportJob, ReportingObligation


class MandatedTaskInline(admin.TabularInline):
    model = MandatedTask
    extra = 0
    fields = ["reference", "position", "text", "is_strategic_priority", "phase"]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["symbol", "mission", "adopted_on", "expires_on", "chapter_vii"]
    list_filter = ["mission", "chapter_vii"]
    search_fields = ["symbol", "strategic_objectives", "operative_text"]
    date_hierarchy = "adopted_on"
    inlines = [MandatedTaskInline]


@admin.register(MandatedTask)
class MandatedTaskAdmin(admin.ModelAdmin):
    list_display = ["reference", "mandate", "is_strategic_priority", "phase"]
    list_filter = ["is_strategic_priority", "phase", "mandate__mission"]
    search_fields = ["reference", "text", "mandate__symbol"]


@admin.register(ReportingObligation)
class ReportingObligationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "due_on", "submitted_on", "added_by_hand"]
    list_filter = ["kind", "mandate__mission"]
    search_fields = ["title", "reference", "excerpt", "mandate__symbol"]
    date_hierarchy = "due_on"


@admin.register(MandateImportJob)
class MandateImportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by uploads and removed by the sweep."""

    list_display = ["source_name", "mission", "requested_by", "status", "error_code", "created_at"]
    list_filter = ["status", "error_code", "mission"]
    readonly_fields = [field.name for field in MandateImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
