"""The search box's input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_WORDS_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search this mission"),
        required=False,
        max_length=MAX_WORDS_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_(
            'Words in English or French. "Quoted words" find a phrase, -word leaves it out, '
            "or finds either."
        ),
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters (this is %(show_value)d)."
            )
        },
    )
    kind = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
