"""Evidence files in the mission search: found by their name and by the text read from a PDF,
each hit read exactly when its record is, and linking to the record's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from evidence.models import EvidenceFile
from evidence.records import KINDS
from missions.models import Mission
from search.registry import SearchKind, scoped_rows

# Text read from a PDF beyond this is not searched (an index entry holds at most 1 MB).
MAX_CHARS = 200_000


def _evidence_url(f: EvidenceFile, mission: Mission) -> str:
    return KINDS[f.record_field].page_url(mission, getattr(f, f.record_field))


EVIDENCE_KIND = SearchKind(
    key="evidence",
    label=_("Evidence files"),
    order=90,
    rows=scoped_rows(
        EvidenceFile,
        related=(
            "assessment__objective",
            "reading__marker__objective",
            "position",
            "decision",
            "exit_condition",
        ),
    ),
    fields=(("original_name", "A"), ("text", "C")),
    title=lambda f: f.original_name,
    url=_evidence_url,
    max_chars=MAX_CHARS,
    marked=lambda f: getattr(f, f.record_field),
)
