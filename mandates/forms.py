"""The two steps of the import screen: read a resolution, then confirm what was read."""

from __future__ import annotations

import copy
import dataclasses
import re
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import RevisionFormMixin
from mandates.models import (
    PARAGRAPH_MAX_CHARS,
    RESOLUTION_MAX_CHARS,
    Mandate,
    ReportingObligation,
)
from mandates.parsing import (
    NotAResolution,
    Paragraph,
    ParsedResolution,
    parse_resolution,
)
from mandates.procedural import ProceduralReason
from mandates.reporting import ReportingRequest, ReportKind, due_dates, reporting_requests
from mandates.selectors import RenewalMatch, renewal_match
from mandates.services import mandate_exists
from mandates.uploads import too_large_message, upload_limit_bytes
from missions.models import Mission

PDF_MAGIC = b"%PDF-"
_SPACES = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^0-9a-z]+")


class ImportSourceForm(forms.Form):
    """A PDF or text file, or pasted text; clean() reads it, so errors land on the right field.

    Text (pasted or a .txt file) is parsed here: bounded to RESOLUTION_MAX_CHARS, that takes
    well under a second. A PDF is only recognised (``cleaned_data["pdf"]``): the worker reads it.
    """

    file = forms.FileField(
        label=gettext_lazy("Resolution file"),
        required=False,
        error_messages={"empty": gettext_lazy("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.txt,application/pdf,text/plain"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the text of the resolution"),
        required=False,
        max_length=RESOLUTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("From the symbol and heading to the last operative paragraph."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The official PDF, or a plain text (.txt) file. At most %(mb)s MB."
        ) % {"mb": settings.MANDATE_UPLOAD_MAX_MB}

    @classmethod
    def refused(cls, message: str) -> ImportSourceForm:
        """The empty form again, saying beside the file field why the last file was refused."""
        form = cls()
        form._errors = ErrorDict(file=form.error_class([message]))
        return form

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > upload_limit_bytes():
            raise forms.ValidationError(too_large_message())
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, pasted = cleaned.get("file"), cleaned.get("text", "").strip()
        if upload and pasted:
            raise forms.ValidationError(
                _("Upload a file or paste the text, not both."), code="both"
            )
        if not upload and not pasted:
            raise forms.ValidationError(
                _("Upload the resolution as a PDF or text file, or paste its text."), code="none"
            )
        field = "file" if upload else "text"
        if upload and self._is_pdf(upload):
            cleaned["pdf"] = upload
            cleaned["source_name"] = upload.name
            return cleaned
        try:
            text = self._read(upload) if upload else pasted
            cleaned["parsed"] = parse_resolution(text)
        except NotAResolution as exc:
            self.add_error(field, str(exc))
            return cleaned
        except forms.ValidationError as exc:
            self.add_error(field, exc)
            return cleaned
        cleaned["source_text"] = text
        cleaned["source_name"] = upload.name if upload else _("pasted text")
        return cleaned

    @staticmethod
    def _is_pdf(upload: Any) -> bool:
        """PDFs are told by their first bytes, not by their name."""
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(0)
        return head == PDF_MAGIC

    @staticmethod
    def _read(upload: Any) -> str:
        """The text of a file that is not a PDF."""
        data = upload.read()
        if upload.name.lower().endswith(".pdf") or b"\x00" in data[:4096]:
            raise forms.ValidationError(
                _(
                    "This file is neither a PDF nor plain text. "
                    "Upload the official PDF or a .txt file."
                )
            )
        text = data.decode("utf-8-sig", errors="replace")
        if not text.strip():
            raise forms.ValidationError(_("The file contains no text."))
        if len(text) > RESOLUTION_MAX_CHARS:
            raise forms.ValidationError(
                _("The file holds more than %(max)s characters; a resolution is shorter.")
                % {"max": f"{RESOLUTION_MAX_CHARS:,}"}
            )
        return text


def paragraph_key(reference: str) -> str:
    """A form-field name for a paragraph reference: ``3 (a) (ii)`` becomes ``op-3-a-ii``."""
    return "op-" + _NOT_SLUG.sub("-", reference.lower()).strip("-")


class MandateConfirmForm(forms.Form):
    """What was read, open to correction. Bound from the parse on preview, from the POST on save.

    The extracted text travels in a hidden field and is parsed again on save, so nothing is
    kept on the server between the two steps; corrections apply by paragraph reference.
    """

    source_text = forms.CharField(
        widget=forms.HiddenInput, strip=False, max_length=RESOLUTION_MAX_CHARS
    )
    source_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)
    symbol = forms.CharField(
        label=gettext_lazy("Symbol"),
        max_length=40,
        help_text=gettext_lazy("As published, for example S/RES/2729 (2024)."),
    )
    adopted_on = forms.DateField(
        label=gettext_lazy("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    mandate_end = forms.DateField(
        label=gettext_lazy("Mandate ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave empty when the resolution sets no end date."),
    )
    chapter_vii = forms.BooleanField(label=gettext_lazy("Acting under Chapter VII"), required=False)

    def __init__(self, data: Any, *, mission: Mission, parsed: ParsedResolution) -> None:
        super().__init__(data)
        self.mission = mission
        self.parsed = parsed
        self.requests = reporting_requests(parsed)
        for index, request in enumerate(self.requests):
            self._add_request_fields(index, request)
        for paragraph in parsed.flat():
            key = paragraph_key(paragraph.reference)
            attrs: dict[str, Any] = {"rows": 3}
            if paragraph.warnings:  # read out with the field, as they are shown beside it
                attrs["aria-describedby"] = f"{key}-warnings"
            self.fields[f"{key}-text"] = forms.CharField(
                label=_("Text of paragraph %(ref)s") % {"ref": paragraph.reference},
                max_length=PARAGRAPH_MAX_CHARS,
                widget=forms.Textarea(attrs=attrs),
            )
            self.fields[f"{key}-priority"] = forms.BooleanField(
                label=_("Strategic priority"), required=False
            )
            self.fields[f"{key}-procedural"] = forms.BooleanField(
                label=_("Procedural"),
                required=False,
                help_text=_("Not a task for the mission: kept out of the alignment and findings."),
            )

    def _add_request_fields(self, index: int, request: ReportingRequest) -> None:
        key = f"report-{index}"
        self.fields[f"{key}-keep"] = forms.BooleanField(
            label=_("Keep as a reporting obligation"), required=False
        )
        self.fields[f"{key}-first"] = forms.DateField(
            label=_("First due on"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields[f"{key}-every"] = forms.IntegerField(
            label=_("Repeats every"),
            required=False,
            min_value=1,
            max_value=366,
            help_text=_("Leave empty for a single report."),
        )
        self.fields[f"{key}-unit"] = forms.ChoiceField(
            label=_("Unit"),
            choices=[("days", _("days")), ("months", _("months"))],
            required=False,
        )

    @staticmethod
    def _request_data(index: int, request: ReportingRequest) -> dict[str, Any]:
        key = f"report-{index}"
        data: dict[str, Any] = {
            f"{key}-first": request.first_due.isoformat() if request.first_due else "",
            f"{key}-every": request.every_days or request.every_months or "",
            f"{key}-unit": "days" if request.every_days or not request.every_months else "months",
        }
        if request.first_due:  # a request with no date found is left for the person to date
            data[f"{key}-keep"] = "on"
        return data

    @property
    def request_rows(self) -> list[dict[str, Any]]:
        """The reporting requests found, with their fields and the dates they would give."""
        rows = []
        for index, request in enumerate(self.requests):
            key = f"report-{index}"
            rows.append(
                {
                    "request": request,
                    "kind_label": ReportKind(request.kind).label,
                    "key": key,
                    "keep": self[f"{key}-keep"],
                    "first": self[f"{key}-first"],
                    "every": self[f"{key}-every"],
                    "unit": self[f"{key}-unit"],
                    "dates": due_dates(request, limit=40),
                }
            )
        return rows

    @cached_property
    def renewal(self) -> RenewalMatch:
        """The paragraphs matched to the previous mandate's tasks, for what they carry over."""
        return renewal_match(mission=self.mission, parsed=self.parsed)

    @classmethod
    def data_for(
        cls,
        parsed: ParsedResolution,
        *,
        text: str,
        source_name: str,
        renewal: RenewalMatch | None = None,
    ) -> dict[str, Any]:
        """The POST the preview would send unchanged: what the parser read, and for a renewal
        the procedural flag each matched paragraph's task had (the person's earlier choice)."""
        carried = renewal.carried if renewal else {}
        data: dict[str, Any] = {
            "source_text": text,
            "source_name": source_name,
            "symbol": parsed.symbol,
            "adopted_on": parsed.adopted_on.isoformat(),
            "mandate_end": parsed.mandate_end.isoformat() if parsed.mandate_end else "",
        }
        if parsed.chapter_vii:
            data["chapter_vii"] = "on"
        for paragraph in parsed.flat():
            key = paragraph_key(paragraph.reference)
            data[f"{key}-text"] = paragraph.text
            if paragraph.is_strategic_priority:
                data[f"{key}-priority"] = "on"
            match = carried.get(paragraph.reference)
            if match.is_procedural if match else paragraph.is_procedural:
                data[f"{key}-procedural"] = "on"
        for index, request in enumerate(reporting_requests(parsed)):
            data.update(cls._request_data(index, request))
        return data

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The paragraphs in document order with their fields, for the template, each with
        where its procedural flag came from: the previous mandate's task, or the guess."""
        rows = []
        carried = self.renewal.carried
        previous = self.renewal.previous
        for paragraph in self.parsed.flat():
            key = paragraph_key(paragraph.reference)
            match = carried.get(paragraph.reference)
            reason = paragraph.procedural_reason
            # Said beside the box when it is ticked, or when the previous mandate overrode
            # the guess: a plain task needs no note.
            if match and not (match.is_procedural or reason):
                match = None
            rows.append(
                {
                    "paragraph": paragraph,
                    "key": key,
                    "text": self[f"{key}-text"],
                    "priority": self[f"{key}-priority"],
                    "procedural": self[f"{key}-procedural"],
                    "carried": match,
                    "previous": previous if match else None,
                    "guess": ProceduralReason(reason).label if reason and not match else "",
                }
            )
        return rows

    @property
    def procedural_count(self) -> int:
        """Paragraphs marked procedural, as the form stands (guessed, carried or corrected)."""
        return sum(
            1
            for p in self.parsed.flat()
            if self[f"{paragraph_key(p.reference)}-procedural"].value()
        )

    def clean_symbol(self) -> str:
        symbol = _SPACES.sub(" ", self.cleaned_data["symbol"]).strip()
        if mandate_exists(mission=self.mission, symbol=symbol):
            raise forms.ValidationError(
                _("%(symbol)s is already imported for %(mission)s. Nothing was changed.")
                % {"symbol": symbol, "mission": self.mission.acronym},
                code="exists",
            )
        return symbol

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        adopted, end = cleaned.get("adopted_on"), cleaned.get("mandate_end")
        if adopted and end and end < adopted:
            self.add_error("mandate_end", _("The mandate cannot end before it is adopted."))
        for index in range(len(self.requests)):
            key = f"report-{index}"
            if cleaned.get(f"{key}-keep") and not cleaned.get(f"{key}-first"):
                self.add_error(f"{key}-first", _("Enter the date it is due, or do not keep it."))
            first = cleaned.get(f"{key}-first")
            if cleaned.get(f"{key}-keep") and first and adopted and first < adopted:
                self.add_error(f"{key}-first", _("It cannot be due before the adoption."))
        return cleaned

    def obligations(self) -> list[ReportingRequest]:
        """The requests kept, as corrected: their first date, their rhythm, the mandate's end."""
        data = self.cleaned_data
        kept = []
        for index, request in enumerate(self.requests):
            key = f"report-{index}"
            if not data.get(f"{key}-keep"):
                continue
            every, unit = data.get(f"{key}-every"), data.get(f"{key}-unit") or "days"
            kept.append(
                dataclasses.replace(
                    request,
                    first_due=data[f"{key}-first"],
                    every_days=every if every and unit == "days" else None,
                    every_months=every if every and unit == "months" else None,
                    until=data.get("mandate_end") or request.until,
                )
            )
        return kept

    def corrected(self) -> ParsedResolution:
        """The parse with the user's corrections; call only on a valid form."""
        data = self.cleaned_data
        resolution = copy.deepcopy(self.parsed)
        resolution.symbol = data["symbol"]
        resolution.adopted_on = data["adopted_on"]
        resolution.mandate_end = data["mandate_end"]
        resolution.chapter_vii = data["chapter_vii"]
        for paragraph in resolution.flat():
            self._correct(paragraph)
        return resolution

    def _correct(self, paragraph: Paragraph) -> None:
        key = paragraph_key(paragraph.reference)
        paragraph.text = _SPACES.sub(" ", self.cleaned_data[f"{key}-text"]).strip()
        paragraph.is_strategic_priority = self.cleaned_data[f"{key}-priority"]
        paragraph.is_procedural = self.cleaned_data[f"{key}-procedural"]


class ObligationForm(RevisionFormMixin, forms.ModelForm):
    """A reporting obligation by hand: one the parser missed, or one to correct or mark sent."""

    class Meta:
        model = ReportingObligation
        fields = ["mandate", "kind", "title", "reference", "due_on", "submitted_on", "excerpt"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "submitted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "excerpt": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mission = mission
        mandates = Mandate.objects.filter(mission=mission).order_by("-adopted_on", "-pk")
        self.fields["mandate"].queryset = mandates
        self.fields["mandate"].label = _("Resolution")
        self.fields["mandate"].empty_label = None
        if not self.instance.pk:
            self.initial.setdefault("mandate", mandates.first())

    def clean_submitted_on(self) -> Any:
        day = self.cleaned_data.get("submitted_on")
        if day and day > self.mission.today():
            raise forms.ValidationError(_("It cannot have been sent in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        mandate, due = cleaned.get("mandate"), cleaned.get("due_on")
        if mandate and due and due < mandate.adopted_on:
            self.add_error("due_on", _("It cannot be due before the resolution was adopted."))
        return cleaned


class ObligationCreateForm(ObligationForm):
    """Adding by hand: a recurring request makes a row per due date, to the mandate's end."""

    every = forms.IntegerField(
        label=gettext_lazy("Repeats every"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=gettext_lazy(
            "For a periodic report; one obligation per due date until the mandate ends."
        ),
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        choices=[("days", gettext_lazy("days")), ("months", gettext_lazy("months"))],
        required=False,
    )

    class Meta(ObligationForm.Meta):
        fields = ["mandate", "kind", "title", "reference", "due_on", "excerpt"]

    def request(self) -> ReportingRequest:
        data = self.cleaned_data
        every, unit = data.get("every"), data.get("unit") or "days"
        mandate = data["mandate"]
        return ReportingRequest(
            reference=data["reference"],
            kind=data["kind"],
            title=data["title"],
            excerpt=data["excerpt"],
            first_due=data["due_on"],
            every_months=every if every and unit == "months" else None,
            every_days=every if every and unit == "days" else None,
            until=mandate.expires_on,
            certain=True,
        )
