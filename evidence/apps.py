from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence documents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from evidence.findings import RATING_WITHOUT_EVIDENCE
        from evidence.models import EvidenceFile
        from evidence.searching import EVIDENCE_KIND
        from evidence.services import UPLOAD_LIMIT, evidence_bytes_delete_on_commit
        from mandates.uploads import upload_limit_register
        from missions.navigation import mission_panel_register
        from search.registry import search_kind_register
        from strategies.selectors.findings import finding_rule_register

        # A record's page lists its files, and takes new ones, without importing this app.
        mission_panel_register("record_evidence", "evidence/partials/_record.html")
        mission_panel_register(
            "objective_sheet_evidence", "evidence/partials/_objective_sheet.html"
        )
        finding_rule_register(RATING_WITHOUT_EVIDENCE)
        search_kind_register(EVIDENCE_KIND)
        # Refused before the body is read when declared over EVIDENCE_MAX_MB.
        upload_limit_register("evidence:upload", UPLOAD_LIMIT)
        # A row also goes by cascade (its record's, its mission's), which no service sees.
        post_delete.connect(
            evidence_bytes_delete_on_commit, sender=EvidenceFile, dispatch_uid="evidence_bytes"
        )
