"""The Celery application: configured from Django settings, tasks found in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_app.settings")

app = Celery("strategy_app")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
