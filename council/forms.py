"""Editing a paragraph, adding one, commenting."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionFormMixin
from council.models import COMMENT_MAX_CHARS, PARAGRAPH_MAX_CHARS, InputParagraph, Section


class ParagraphForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = InputParagraph
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"text": {"required": _("Write the paragraph, or delete it.")}}


class NewParagraphForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    text = forms.CharField(
        label=_("Paragraph"),
        max_length=PARAGRAPH_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the paragraph.")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment.")},
    )
