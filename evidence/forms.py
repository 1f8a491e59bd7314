"""The upload form: a file; what makes it acceptable is checked by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.sniffing import ACCEPTED_EXTENSIONS

ACCEPT = ",".join(f".{ext}" for ext in ACCEPTED_EXTENSIONS)


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={"required": _("Choose a file to attach.")},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, id_prefix: str = "evidence", **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{id_prefix}-%s")
        super().__init__(*args, **kwargs)
