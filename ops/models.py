from django.db import models


class Heartbeat(models.Model):
    """The last time a background process proved it runs (one row per source)."""

    source = models.CharField(max_length=40, unique=True)
    beat_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.source} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
