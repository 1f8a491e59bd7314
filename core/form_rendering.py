"""Form widgets rendered by Jinja2 (FORM_RENDERER): the same built-in widget templates Django
ships in both languages, several times faster than the Django template language. A page
like the objective editor renders a hundred widgets, which took a quarter of its time.

A template that exists only for the Django template language (the admin's widget wrappers,
an app's own widget) is still found and rendered by it.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FastRenderer(BaseRenderer):
    def __init__(self) -> None:
        self.jinja2 = Jinja2()
        self.django = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
