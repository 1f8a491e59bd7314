"""Import a Security Council resolution (PDF or text) as a mission's mandate."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandates.parsing import NotAResolution, UnreadablePdf, extract_pdf_text, parse_resolution
from mandates.services import mandate_exists, mandate_import
from missions.models import Mission

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Read a Security Council resolution (official PDF or plain text) and save it as the "
        "mandate of MISSION, one mandated task per operative (sub-)paragraph. --dry-run prints "
        "what was read and saves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mission", help="mission acronym, e.g. UNSMK")
        parser.add_argument("file", type=Path, help="the resolution: .pdf or a text file")
        parser.add_argument("--dry-run", action="store_true", help="print the tree, save nothing")

    def handle(self, *args, mission: str, file: Path, dry_run: bool, **options) -> None:
        target = Mission.objects.filter(acronym__iexact=mission).first()
        if target is None:
            raise CommandError(f"No mission with acronym {mission}.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        data = file.read_bytes()
        if not data:
            raise CommandError(f"{file} is empty.")
        if len(data) > MAX_BYTES:
            raise CommandError(f"{file} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
        try:
            if data[:5] == b"%PDF-":
                text = extract_pdf_text(data)
            else:
                text = data.decode("utf-8", errors="replace")
            parsed = parse_resolution(text)
        except (NotAResolution, UnreadablePdf) as exc:
            raise CommandError(f"{file}: {exc}") from exc

        self._print_summary(parsed)
        if dry_run:
            self._print_tree(parsed)
            self.stdout.write("Dry run: nothing saved.")
            return
        if mandate_exists(mission=target, symbol=parsed.symbol):
            self.stdout.write(
                f"{parsed.symbol} is already imported for {target.acronym}: nothing changed."
            )
            return
        try:
            mandate = mandate_import(mission=target, parsed=parsed, by=None, source=str(file.name))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {mandate.symbol} for {target.acronym}: {mandate.tasks.count()} tasks."
            )
        )

    def _print_summary(self, parsed) -> None:
        self.stdout.write(f"{parsed.symbol}, adopted {parsed.adopted_on:%d %B %Y}")
        end = f"{parsed.mandate_end:%d %B %Y}" if parsed.mandate_end else "not stated"
        self.stdout.write(
            f"Mandate until: {end}; Chapter VII: {'yes' if parsed.chapter_vii else 'no'}"
        )
        self.stdout.write(
            f"Operative paragraphs: {len(parsed.paragraphs)}, tasks in all: {len(parsed.flat())}"
        )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"Check: {warning}"))

    def _print_tree(self, parsed) -> None:
        for paragraph in parsed.flat():
            marker = " [priority]" if paragraph.is_strategic_priority else ""
            if paragraph.is_procedural:
                marker += f" [procedural: {paragraph.procedural_reason}]"
            text = paragraph.text if len(paragraph.text) <= 90 else paragraph.text[:87] + "..."
            self.stdout.write(f"{'  ' * paragraph.depth}{paragraph.reference}{marker}  {text}")
            for warning in paragraph.warnings:
                self.stdout.write(self.style.WARNING(f"{'  ' * paragraph.depth}  check: {warning}"))
