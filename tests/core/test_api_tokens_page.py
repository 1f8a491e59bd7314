"""/accounts/tokens/: a signed-in person creates (named, with an expiry), lists and revokes
their own tokens; the new token is shown on the creation answer only; nobody sees or revokes
another's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.api_tokens import api_token_create
from core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


def create(client, **data):
    return client.post(PAGE, {"name": "Export script", "lifetime": "90", **data})


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"{PAGE}1/revoke/").status_code == 302


@pytest.mark.parametrize("persona", ["editor", "reader", "outsider"])
def test_anyone_signed_in_creates_a_token_and_sees_it_once(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = create(client)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    html = response.content.decode()
    assert secret in html and "it will not be shown again" in html
    assert token.name == "Export script"
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    # The list shows it by name and prefix; the secret never again.
    page = client.get(PAGE).content.decode()
    assert "Export script" in page and f"{token.prefix}…" in page
    assert secret not in page
    assert AuditEvent.objects.get(kind="token_created").user == user


def test_the_base_menu_links_to_the_page(client, editor):
    client.force_login(editor)
    assert f'href="{PAGE}"' in client.get("/").content.decode()


def test_a_token_expires_on_a_chosen_date(client, editor):
    client.force_login(editor)
    on = timezone.now().date() + timedelta(days=10)
    assert create(client, lifetime="date", expires_on=on.isoformat()).status_code == 200
    token = ApiToken.objects.get(user=editor)
    assert token.expires_at.date() == on and token.expires_at.hour == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  "}, "name", "This field is required."),
        ({"lifetime": "date"}, "expires_on", "Choose the day the token expires."),
        (
            {"lifetime": "date", "expires_on": "2000-01-01"},
            "expires_on",
            "Choose a day after today.",
        ),
        ({"lifetime": "date", "expires_on": "not a date"}, "expires_on", "Enter a valid date."),
        ({"lifetime": "date", "expires_on": "2999-01-01"}, "expires_on", "at most 365 days"),
        ({"lifetime": "3650"}, "lifetime", "Select a valid choice."),
    ],
)
def test_bad_input_is_a_400_with_the_message_by_the_field(client, editor, data, field, message):
    client.force_login(editor)
    response = create(client, **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_choices_never_exceed_the_maximum(client, editor, settings):
    settings.API_TOKEN_MAX_DAYS = 60
    client.force_login(editor)
    html = client.get(PAGE).content.decode()
    assert 'value="30"' in html and 'value="90"' not in html and 'value="365"' not in html
    assert create(client, lifetime="90").status_code == 400
    late = date.today() + timedelta(days=61)
    assert create(client, lifetime="date", expires_on=late.isoformat()).status_code == 400


def test_nobody_sees_or_revokes_anothers_tokens(client, editor, reader):
    theirs, _ = api_token_create(
        user=reader, name="Bob's script", expires_at=timezone.now() + timedelta(days=5)
    )
    client.force_login(editor)
    assert "Bob&#x27;s script" not in client.get(PAGE).content.decode()
    assert client.post(f"{PAGE}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_owner_revokes_their_token(client, editor):
    token, _ = api_token_create(
        user=editor, name="Old laptop", expires_at=timezone.now() + timedelta(days=5)
    )
    client.force_login(editor)
    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 405
    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    html = response.content.decode()
    assert "The token “Old laptop” is revoked." in html
    assert "Revoked" in html and "Revoke Old laptop" not in html
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(kind="token_revoked")
    assert event.user == editor and event.target == token.prefix


def test_the_list_costs_the_same_queries_with_many_tokens(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    for n in range(3):
        api_token_create(user=editor, name=f"t{n}", expires_at=timezone.now() + timedelta(days=9))
    with django_assert_max_num_queries(12) as few:
        client.get(PAGE)
    for n in range(20):
        api_token_create(user=editor, name=f"u{n}", expires_at=timezone.now() + timedelta(days=9))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PAGE).content.decode().count("<tr") == 24
