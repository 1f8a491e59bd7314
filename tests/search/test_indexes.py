"""Each kind's GIN index holds exactly the document the search builds, so PostgreSQL can answer
from it on a large mission rather than reading every row's text."""

from __future__ import annotations

import pytest
from django.db import connection

from search.documents import document, words_query
from search.registry import search_kind

pytestmark = pytest.mark.django_db

BUILT_IN = [
    "objectives",
    "tasks",
    "stakeholders",
    "positions",
    "drivers",
    "assessments",
    "decisions",
    "comments",
]


@pytest.mark.parametrize("key", BUILT_IN)
def test_the_planner_uses_the_index(key):
    kind, model = search_kind(key), _model_of(key)
    table = model._meta.db_table
    rows = model._base_manager.alias(doc=document(kind.fields)).filter(doc=words_query("ceasefire"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = rows.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert f"search_{table}_doc" in plan, plan


def _model_of(key: str):
    from mandates.models import MandatedTask
    from missions.models import Stakeholder
    from reviews.models import Decision, ObjectiveAssessment
    from strategies.models import Comment, ConflictDriver, Objective, StakeholderPosition

    return {
        "objectives": Objective,
        "tasks": MandatedTask,
        "stakeholders": Stakeholder,
        "positions": StakeholderPosition,
        "drivers": ConflictDriver,
        "assessments": ObjectiveAssessment,
        "decisions": Decision,
        "comments": Comment,
    }[key]


def test_an_index_with_a_cut_serves_a_kind_with_max_chars():
    """The evidence app's index (its own migration, with ``index_sql``) matches its kind."""
    from evidence.models import EvidenceFile
    from search.documents import index_sql

    fields = (("original_name", "A"), ("text", "C"))
    name = "search_test_evidence_doc"
    rows = EvidenceFile._base_manager.alias(doc=document(fields, 200_000)).filter(
        doc=words_query("ceasefire")
    )
    with connection.cursor() as cursor:
        cursor.execute(index_sql("evidence_evidencefile", fields, name, max_chars=200_000))
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = rows.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert name in plan, plan
