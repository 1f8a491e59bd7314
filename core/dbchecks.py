"""Helpers that turn Python choices into database CHECK constraints.

The database, not only the form, rejects a value outside the choices, so data loaded by a
script, a shell or a future API stays valid.
"""

from django.db import models


def choice_check(field: str, choices: type[models.Choices], name: str, *, null: bool = False):
    """A CHECK that ``field`` holds one of ``choices`` (or NULL when ``null``)."""
    condition = models.Q(**{f"{field}__in": choices.values})
    if null:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


def date_order_check(start: str, end: str, name: str):
    """A CHECK that ``end`` is not before ``start`` when both are set."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
    )
