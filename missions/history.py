"""Change history for strategy records (django-pghistory: database triggers).

Triggers see every write, from a view, the API, a command or a shell, and the history
middleware adds who made it and from which URL.
"""

import pghistory


def tracked():
    """Track inserts, updates and deletes. Fresh trackers each time: they bind to one model."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()
    )
