from django.contrib import admin

from briefs.models import Brief, BriefSubscription


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = [
        "mission",
        "version",
        "review",
        "status",
        "attempts",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "mission"]
    search_fields = ["mission__acronym", "error", "checksum"]


@admin.register(BriefSubscription)
class BriefSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "mission", "created_at"]
    list_filter = ["mission"]
    search_fields = ["user__username", "user__email", "mission__acronym"]
