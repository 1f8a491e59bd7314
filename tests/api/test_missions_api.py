"""/api/v1/missions/: scoped to the caller, same policy as the pages, JSON errors."""

import pytest
from rest_framework.test import APIClient

from tests.api.tokens import api_token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_editor_lists_only_their_missions(api, editor, other_mission):
    api.force_authenticate(editor)
    body = api.get("/api/v1/missions/").json()
    assert [m["acronym"] for m in body["results"]] == ["UNTEST"]
    assert body["results"][0]["role"] == "strategy_editor"


def test_reader_reads_the_detail_of_their_mission(api, reader):
    api.force_authenticate(reader)
    response = api.get("/api/v1/missions/UNTEST/")
    assert response.status_code == 200
    assert response.json()["role"] == "viewer"


def test_outsider_gets_404_in_json(api, outsider, mission):
    api.force_authenticate(outsider)
    response = api.get("/api/v1/missions/UNTEST/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Mission matches the given query.", "errors": {}}


def test_token_authentication_works(api, reader):
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(reader)}")
    assert api.get("/api/v1/missions/").status_code == 200


def test_anonymous_callers_are_refused_with_json(api, mission):
    response = api.get("/api/v1/missions/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_missions_are_read_only(api, editor):
    api.force_authenticate(editor)
    assert api.post("/api/v1/missions/", {"acronym": "X"}).status_code == 405
    assert api.delete("/api/v1/missions/UNTEST/").status_code == 405


def test_bad_filter_values_get_field_errors(api, editor):
    api.force_authenticate(editor)
    response = api.get("/api/v1/missions/?kind=nonsense")
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_schema_and_docs_are_served(client, editor):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/missions/" in schema.content
    client.force_login(editor)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    # A way back to the app and to the reader's tokens, and the app's icon.
    assert '<a href="/">← Back to the workbench</a>' in page
    assert 'href="/accounts/tokens/"' in page
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
