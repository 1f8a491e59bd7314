from django.contrib import admin

from briefs.models import Brief


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["mission", "version", "review", "status", "created_at", "finished_at"]
    list_filter = ["status", "mission"]
    search_fields = ["mission__acronym", "error", "checksum"]
