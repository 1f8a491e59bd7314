"""The English and French text search configurations (with unaccent) and a GIN index per
searched kind over exactly the expression ``search.documents.document`` builds.

``unaccent`` ships with PostgreSQL's contrib (and with the embedded server) and is a trusted
extension, so the database owner may create it.
"""

from django.db import migrations

from search.documents import drop_index_sql, index_sql

CONFIGURATIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'search_english') THEN
        CREATE TEXT SEARCH CONFIGURATION search_english (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION search_english
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'search_french') THEN
        CREATE TEXT SEARCH CONFIGURATION search_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION search_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP_CONFIGURATIONS = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS search_english;
DROP TEXT SEARCH CONFIGURATION IF EXISTS search_french;
"""

# The searched fields as search.kinds registers them when this migration was written.
INDEXES = [
    ("strategies_objective", (("code", "A"), ("title", "A"), ("description", "B"))),
    ("mandates_mandatedtask", (("reference", "A"), ("text", "B"))),
    ("missions_stakeholder", (("name", "A"), ("notes", "B"))),
    ("strategies_stakeholderposition", (("note", "B"),)),
    (
        "strategies_conflictdriver",
        (("title", "A"), ("description", "B"), ("leverage_points", "B"), ("entry_points", "B")),
    ),
    ("reviews_objectiveassessment", (("political_environment", "B"), ("evidence", "B"))),
    ("reviews_decision", (("rationale", "B"), ("outcome", "B"))),
    ("strategies_comment", (("body", "B"),)),
]


def _name(table: str) -> str:
    return f"search_{table}_doc"


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0008_event_mission"),
        ("mandates", "0008_reporting_obligations"),
        ("strategies", "0006_event_mission"),
        ("reviews", "0011_event_mission"),
    ]

    operations = [
        migrations.RunSQL(CONFIGURATIONS, DROP_CONFIGURATIONS),
        *(
            migrations.RunSQL(
                index_sql(table, fields, _name(table)), drop_index_sql(_name(table))
            )
            for table, fields in INDEXES
        ),
    ]
