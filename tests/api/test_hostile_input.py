"""Hostile input is the client's mistake: 400 (404 for an address), never 500.

NUL characters anywhere (address, query, headers, bodies), out-of-range numbers, deep JSON and
wrong types; and on mandate import the caller's right is checked before the body is read. The
test client re-raises a server error, so a 500 fails these tests with its traceback.
"""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mandates.models import Mandate
from strategies.models import ConflictDriver, Objective
from tests.api.conftest import if_match
from tests.api.tokens import api_token_for
from tests.mandates import resolutions

pytestmark = pytest.mark.django_db

JSON = "application/json"
IMPORT = "/api/v1/mandates/import/"
NUL = ["Null characters are not allowed."]


def deep(levels: int) -> str:
    """A JSON object ``levels`` deep: ``{"mission": [[...]]}``."""
    return '{"mission": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


def token_for(api, user) -> None:
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")


# -- NUL in the address: 404


def test_nul_in_an_address_is_404_for_anonymous(client, mission):
    assert client.get("/calendar/abc%00.ics").status_code == 404
    assert client.get("/missions/UNTEST%00/").status_code == 404


def test_nul_in_an_address_is_the_sites_404_page_for_a_member(client, editor):
    client.force_login(editor)
    response = client.get("/missions/UNTEST%00/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_nul_in_an_api_address_is_404_in_the_error_shape(api, editor):
    token_for(api, editor)
    for url in ("/api/v1/missions/UNTEST%00/", "/api/v1/objectives/1%00/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": {}}


# -- NUL in the query, headers and cookies: 400


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/objectives/?mission=UN%00", "mission"),
        ("/api/v1/objectives/?limit=1%00", "limit"),
        ("/api/v1/versions/compare/?mission=UNTEST&from=1%00&to=2", "from"),
        ("/api/v1/objectives/?a%00=1", "non_field_errors"),
    ],
)
def test_nul_in_an_api_query_is_400_naming_the_parameter(api, editor, url, param):
    token_for(api, editor)
    response = api.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": {param: NUL}}


def test_nul_in_a_page_query_is_400(client, editor, mission):
    client.force_login(editor)
    assert client.get(f"/missions/{mission.acronym}/?q=%00").status_code == 400


def test_nul_in_the_token_is_400(api, mission):
    response = api.get("/api/v1/objectives/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 400
    assert response.json()["errors"] == {"Authorization": NUL}


def test_nul_in_the_session_cookie_is_400(client, mission):
    # Quoted, the cookie spells the NUL as an octal escape, which Django decodes.
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefghij\x00"
    assert client.get("/").status_code == 400
    response = client.get("/api/v1/objectives/")
    assert response.status_code == 400
    assert response.json()["errors"] == {"Cookie": NUL}


# -- NUL in a body: 400 naming the field


def test_nul_in_a_json_field_is_400_naming_it(api, editor, strategy):
    token_for(api, editor)
    body = {"mission": "UNTEST\x00", "code": "O9", "title": "x", "levels": ["national"]}
    response = api.post("/api/v1/objectives/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Invalid input.", "errors": {"mission": NUL}}
    assert not Objective.objects.filter(code="O9").exists()


def test_nul_in_a_list_field_is_400_naming_it(api, editor, strategy):
    token_for(api, editor)
    create = {"mission": "UNTEST", "title": "x", "level": "national", "objectives": ["O1\x00"]}
    response = api.post("/api/v1/drivers/", create, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"objectives": NUL}
    assert ConflictDriver.objects.count() == 1

    url = f"/api/v1/drivers/{strategy.driver.pk}/"
    as_json = api.patch(url, {"objectives": ["O1\x00"]}, format="json", **if_match(strategy.driver))
    as_form = api.patch(
        url,
        "objectives=O1%00",
        content_type="application/x-www-form-urlencoded",
        **if_match(strategy.driver),
    )
    for response in (as_json, as_form):
        assert response.status_code == 400
        assert response.json()["errors"] == {"objectives": NUL}


def test_nul_in_a_json_key_is_400(api, editor, mission):
    token_for(api, editor)
    response = api.post("/api/v1/objectives/", {"mission\x00": "UNTEST"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": NUL}


def test_nul_in_an_api_form_field_is_400_naming_it(api, editor, mission):
    token_for(api, editor)
    response = api.post("/api/v1/objectives/", {"mission": "UN\x00", "code": "O9"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"mission": NUL}


def test_nul_in_an_uploaded_file_name_is_dropped_by_django(api, editor, mission):
    token_for(api, editor)
    text = resolutions.as_text(resolutions.RES_2729).encode()
    upload = SimpleUploadedFile("res\x00.txt", text, content_type="text/plain")
    response = api.post(IMPORT, {"mission": "UNTEST", "file": upload}, format="multipart")
    assert response.status_code == 201
    assert Mandate.objects.get().source == "res.txt"


def test_nul_in_a_page_form_is_400(client, editor, mission):
    login = {"username": "a\x00", "password": "b"}
    assert client.post("/accounts/login/", login).status_code == 400
    client.force_login(editor)
    url = reverse("mandates:import", kwargs={"acronym": mission.acronym})
    text = resolutions.as_text(resolutions.RES_2729)
    assert client.post(url, {"text": text + "\x00"}).status_code == 400
    upload = SimpleUploadedFile("res.txt", text.encode(), content_type="text/plain")
    assert client.post(url, {"file": upload, "note": "\x00"}).status_code == 400
    assert not Mandate.objects.exists()


# -- pages: a limit or offset that is not a whole number in range is 400


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("offset=1.5", "offset"),
        ("offset=9223372036854775808", "offset"),
    ],
)
def test_a_limit_or_offset_out_of_range_is_400_naming_it(api, editor, strategy, query, param):
    token_for(api, editor)
    for resource in ("objectives", "mandates", "reviews"):
        response = api.get(f"/api/v1/{resource}/?{query}")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [param]


def test_a_huge_limit_reads_as_the_largest_page(api, editor, strategy):
    token_for(api, editor)
    response = api.get("/api/v1/objectives/?limit=9223372036854775808&offset=1")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and len(body["results"]) == 1
    assert "limit=500" in body["previous"]


def test_an_empty_limit_or_offset_means_the_default(api, editor, strategy):
    token_for(api, editor)
    response = api.get("/api/v1/objectives/?limit=&offset=")
    assert response.status_code == 200
    assert response.json()["count"] == 2


# -- filters by id or number


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/objectives/?parent=99999999999999999999", "parent"),
        ("/api/v1/objectives/?parent=abc", "parent"),
        ("/api/v1/drivers/?objective=-1", "objective"),
        ("/api/v1/drivers/?objective=99999999999999999999", "objective"),
        ("/api/v1/drivers/?objective=1.5", "objective"),
        ("/api/v1/alignments/?mandate=1e999", "mandate"),
        ("/api/v1/versions/?number=99999999999999999999", "number"),
        ("/api/v1/objective-assessments/?review=abc", "review"),
        ("/api/v1/decisions/?review=-1", "review"),
    ],
)
def test_an_id_or_number_filter_out_of_range_is_400_naming_it(api, editor, strategy, url, param):
    token_for(api, editor)
    response = api.get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_an_id_filter_in_range_still_filters(api, editor, strategy):
    token_for(api, editor)
    found = api.get(f"/api/v1/drivers/?objective={strategy.objective.pk}").json()
    assert [d["id"] for d in found["results"]] == [strategy.driver.pk]
    assert api.get(f"/api/v1/drivers/?objective={strategy.spare.pk}").json()["count"] == 0


# -- deep JSON and wrong types


def test_json_nested_5000_deep_is_400_at_once(api, editor, mission):
    token_for(api, editor)
    for url in ("/api/v1/objectives/", IMPORT):
        started = time.monotonic()
        response = api.post(url, deep(5000), content_type=JSON)
        assert time.monotonic() - started < 1
        assert response.status_code == 400
        assert response.json() == {
            "detail": "JSON nested more than 64 levels deep is not accepted.",
            "errors": {},
        }


def test_json_at_the_depth_limit_is_read(api, editor, mission):
    token_for(api, editor)
    at_limit = api.post("/api/v1/objectives/", deep(64), content_type=JSON)
    assert at_limit.status_code == 400
    assert "mission" in at_limit.json()["errors"]  # read, and refused by the serializer
    beyond = api.post("/api/v1/objectives/", deep(65), content_type=JSON)
    assert beyond.status_code == 400 and beyond.json()["errors"] == {}


@pytest.mark.parametrize(
    "body",
    [
        "[1, 2]",
        '"UNTEST"',
        "null",
        '{"mission": ["UNTEST"], "code": {"a": 1}}',
        '{"mission": 5}',
        '{"mission": NaN}',
        '{"mission": "UNTEST", "parent": 1' + "0" * 5000 + "}",
        '{"mission": "UNTEST", "parent": 99999999999999999999}',
        b'{"mission": "\xff"}',
        "{",
    ],
)
def test_wrong_types_and_broken_json_are_400(api, editor, mission, body):
    token_for(api, editor)
    response = api.post("/api/v1/objectives/", body, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_an_objective_id_beyond_the_database_range_is_400(api, editor, strategy):
    token_for(api, editor)
    body = {"mission": "UNTEST", "title": "x", "level": "national", "objectives": [2**70]}
    response = api.post("/api/v1/drivers/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["objectives"]


# -- permission before parsing


@pytest.mark.parametrize("role", ["viewer", "desk_officer"])
def test_a_reader_importing_a_mandate_is_403_before_the_body_is_read(api, member, role):
    token_for(api, member(role))
    for body in (deep(5000), "{", json.dumps({"mission": "UNTEST", "text": "x"})):
        response = api.post(IMPORT, body, content_type=JSON)
        assert response.status_code == 403
    assert not Mandate.objects.exists()


def test_an_editor_importing_a_mandate_still_gets_the_body_read(api, editor, mission):
    token_for(api, editor)
    body = {"mission": "UNTEST", "text": resolutions.as_text(resolutions.RES_2729)}
    response = api.post(IMPORT, {**body, "dry_run": True}, format="json")
    assert response.status_code == 200
    assert api.post(IMPORT, "{", content_type=JSON).status_code == 400
