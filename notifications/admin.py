from django.contrib import admin

from notifications.models import Notification, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "mission", "delivery"]
    list_filter = ["delivery", "mission"]
    search_fields = ["user__username", "mission__acronym"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "mission", "created_at", "read_at"]
    list_filter = ["mission", "read_at"]
    search_fields = ["subject", "body", "user__username"]
