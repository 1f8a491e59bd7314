"""manage.py render_brief MISSION [--version N | --review ID] [--audience A] --out FILE

Renders a brief now, in this process, with the same renderer as the background worker: for
HQ scripts that want the PDF on disk. Nothing is stored in the database. With no person
behind it, it never prints a Strictly confidential record (``briefs.audiences.as_exporter``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from briefs.audiences import Audience, as_exporter
from briefs.content import Subject
from briefs.rendering import render_subject
from missions.models import Mission
from reviews.models import Review
from strategies.models import StrategyVersion


class Command(BaseCommand):
    help = (
        "Render a PDF brief of a mission's working draft, one approved version (--version N) "
        "or one review (--review ID) to a file."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names a strategy version here, not Django's version (the contract's name).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mission", help="The mission's acronym, for example UNSMK.")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--version", type=int, metavar="N", help="An approved version.")
        which.add_argument("--review", type=int, metavar="ID", help="A review, by its id.")
        parser.add_argument("--out", required=True, help="Where to write the PDF ('-': stdout).")
        parser.add_argument(
            "--audience",
            default=Audience.HQ.value,
            choices=Audience.values,
            help="For whom: what lies above their level is withheld (default: %(default)s).",
        )
        parser.add_argument("--recipient", default="", help="Printed in the margin of every page.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _ in settings.LANGUAGES],
            help="The brief's language (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mission = Mission.objects.filter(acronym__iexact=options["mission"]).first()
        if mission is None:
            raise CommandError(f"No mission {options['mission']!r}.")
        subject = Subject(mission)
        if options["version"] is not None:
            version = StrategyVersion.objects.filter(
                mission=mission, number=options["version"]
            ).first()
            if version is None:
                raise CommandError(f"{mission.acronym} has no version {options['version']}.")
            subject = Subject(mission, version=version)
        elif options["review"] is not None:
            review = Review.objects.filter(mission=mission, pk=options["review"]).first()
            if review is None:
                raise CommandError(f"{mission.acronym} has no review with id {options['review']}.")
            subject = Subject(mission, review=review)
        with translation.override(options["language"]), as_exporter(None):
            rendered = render_subject(
                subject, audience=options["audience"], recipient=options["recipient"]
            )
        if options["out"] == "-":
            self.stdout.buffer.write(rendered.pdf)  # type: ignore[attr-defined]
            return
        out = Path(options["out"])
        try:
            out.write_bytes(rendered.pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error}") from None
        self.stdout.write(
            f"{out}: {subject.mission.acronym} brief of {subject.label}, "
            f"{rendered.pages} pages, {len(rendered.pdf):,} bytes, "
            f"{len(rendered.cut.withheld)} records withheld"
        )
