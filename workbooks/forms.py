"""The upload of a strategy workbook to bring readings back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.uploads import too_large_message, upload_limit_bytes

XLSX_MAGIC = b"PK\x03\x04"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Choose the .xlsx file to import."),
            "empty": gettext_lazy("The file is empty."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A workbook exported from this page, with the shaded columns changed. At most "
            "%(mb)s MB."
        ) % {"mb": settings.MANDATE_UPLOAD_MAX_MB}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(too_large_message())
        head = upload.read(4)
        upload.seek(0)
        if head != XLSX_MAGIC:
            raise forms.ValidationError(
                _(
                    "This file is not an Excel workbook (.xlsx). In Excel, save it as “Excel "
                    "Workbook (.xlsx)” and import that file."
                )
            )
        return upload
