"""The full-text index over what the mission search reads of an evidence file."""

from django.db import migrations

from search.documents import drop_index_sql, index_sql

MAX_CHARS = 200_000  # evidence.searching.MAX_CHARS, as it stood when this index was made


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("search", "0001_search_configurations_and_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            index_sql(
                "evidence_evidencefile",
                (("original_name", "A"), ("text", "C")),
                "search_evidence_evidencefile_doc",
                max_chars=MAX_CHARS,
            ),
            drop_index_sql("search_evidence_evidencefile_doc"),
        )
    ]
