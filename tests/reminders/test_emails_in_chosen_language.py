"""Emails are written in the language each person last chose on a page: a French chief of
staff gets French reminders and a French digest, an English desk officer English ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from notifications.models import ChosenLanguage, NotificationPreference
from notifications.services import send_weekly_digests
from reviews.reminders.delivery import send_reminders
from tests.factories import MandateFactory
from tests.mailbox import delivered
from tests.reminders.test_rules_in_mission_time import D

pytestmark = pytest.mark.django_db


def test_the_language_chosen_on_a_page_is_remembered(client, east):
    client.force_login(east.chief)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert ChosenLanguage.objects.get(user=east.chief).language == "fr"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert ChosenLanguage.objects.get(user=east.chief).language == "fr"
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert ChosenLanguage.objects.get(user=east.chief).language == "es"


def test_reminder_emails_follow_each_persons_language(client, east):
    client.force_login(east.chief)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    MandateFactory(mission=east.mission, expires_on=D + timedelta(days=90))
    with translation.override("en"):
        send_reminders(today=D)
    subjects = {m.to[0]: m.subject for m in delivered()}
    french, english = subjects[east.chief.email], subjects[east.desk.email]
    assert french != english
    assert "expire" in english.lower() and "90 days" in english
    assert "90 jours" in french, french
    body = next(m.body for m in delivered() if m.to == [east.chief.email])
    assert "Choisissez comment" in body or "mission par mission" in body, body


def test_the_weekly_digest_is_in_the_persons_language(client, east):
    NotificationPreference.objects.create(user=east.desk, mission=east.mission, delivery="weekly")
    ChosenLanguage.objects.create(user=east.desk, language="es")
    MandateFactory(mission=east.mission, expires_on=D + timedelta(days=90))
    with translation.override("en"):
        send_reminders(today=D)
        send_weekly_digests()
    digest = next(m for m in delivered() if m.to == [east.desk.email])
    assert "resumen semanal" in digest.subject.lower() or "semanal" in digest.subject, (
        digest.subject
    )
    assert "90 días" in digest.body, digest.body
