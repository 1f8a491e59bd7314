"""The schema documents every answer and what a request refuses (core.api_schema), and the
server answers as documented: JSON 404 for any path, list errors flat, bounded text."""

from __future__ import annotations

import pytest

from core.api_input import BIGINT_MAX
from strategies.models import Objective

pytestmark = pytest.mark.django_db

METHODS = ["get", "put", "patch", "post", "delete"]


@pytest.fixture
def schema(api, editor):
    api.force_authenticate(editor)
    return api.get("/api/schema/?format=json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_operation_documents_the_errors_any_request_can_get(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "403", "404", "429"} <= codes, (method, path, codes)
        error = operation["responses"]["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_operations_that_read_input_document_400_and_415(schema):
    for path, method, operation in operations(schema):
        if method in ("post", "put", "patch"):
            assert {"400", "415"} <= set(operation["responses"]), (method, path)
    assert "400" in schema["paths"]["/api/v1/objectives/"]["get"]["responses"]
    assert "400" not in schema["paths"]["/api/v1/objectives/{id}/"]["get"]["responses"]


def test_writes_with_if_match_document_412_428_and_what_if_match_takes(schema):
    put = schema["paths"]["/api/v1/stakeholders/{id}/"]["put"]
    assert {"412", "428"} <= set(put["responses"])
    if_match = next(p for p in put["parameters"] if p["name"] == "If-Match")
    pattern = if_match["schema"]["pattern"]
    import re

    for good in ['"3"', "3", 'W/"3"', '"3", "4"']:
        assert re.search(pattern, good), good
    for bad in ["*", "", '"three"', 'W/3"', '"3', '"3",']:
        assert not re.search(pattern, bad), bad


def test_request_fields_that_refuse_blank_or_empty_say_so(schema):
    create = schema["components"]["schemas"]["ObjectiveCreateRequest"]["properties"]
    assert create["title"]["minLength"] == 1
    assert create["mission"]["minLength"] == 1
    assert create["levels"]["minItems"] == 1
    assert "minLength" not in create["description"]
    assert create["description"]["maxLength"] == 10_000
    # Responses are not constrained by what a request must carry.
    assert "minLength" not in schema["components"]["schemas"]["Objective"]["properties"]["title"]


def test_offset_is_bounded_as_the_server_bounds_it(schema):
    parameters = schema["paths"]["/api/v1/objectives/"]["get"]["parameters"]
    offset = next(p for p in parameters if p["name"] == "offset")
    assert offset["schema"]["maximum"] == BIGINT_MAX


@pytest.mark.parametrize("method", METHODS)
def test_a_path_the_api_does_not_have_is_a_json_404(api, editor, method):
    api.force_authenticate(editor)
    response = getattr(api, method)("/api/v1/objectives/0.5/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_errors_of_list_items_are_listed_under_their_path(api, editor, mission):
    api.force_authenticate(editor)
    body = {"mission": "UNTEST", "code": "O9", "title": "T", "levels": ["local", "AAA"]}
    response = api.post("/api/v1/objectives/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["levels.1"]
    assert errors["levels.1"] == ['"AAA" is not a valid choice.']


def test_text_beyond_its_bound_is_a_field_error(api, editor, mission):
    api.force_authenticate(editor)
    body = {"mission": "UNTEST", "code": "O9", "title": "T", "levels": ["local"]}
    response = api.post("/api/v1/objectives/", body | {"description": "x" * 10_001}, format="json")
    assert response.status_code == 400
    assert "10000" in response.json()["errors"]["description"][0]
    assert not Objective.objects.filter(code="O9").exists()
    assert api.post("/api/v1/objectives/", body, format="json").status_code == 201


@pytest.mark.parametrize("ref", ["²", "99999999999999999999", "0", ""])
def test_a_version_that_is_not_a_number_in_range_is_a_400(api, editor, mission, ref):
    api.force_authenticate(editor)
    response = api.get("/api/v1/versions/compare/", {"mission": "UNTEST", "from": ref})
    assert response.status_code == 400
    assert "from" in response.json()["errors"]


def test_a_name_that_exists_already_is_a_409_with_the_field_error(api, editor, strategy):
    api.force_authenticate(editor)
    body = {"mission": "UNTEST", "name": strategy.stakeholder.name.upper()}
    body |= {"kind": "donor", "level": "local", "influence": "low"}
    response = api.post("/api/v1/stakeholders/", body, format="json")
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["name"]
    # Something else wrong with the input as well: a 400, for the client to fix first.
    response = api.post("/api/v1/stakeholders/", body | {"kind": "nonsense"}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_limit_has_no_maximum_as_a_larger_one_reads_as_the_largest_page(schema):
    # tests/api/test_hostile_input.py: ?limit=9223372036854775808 is a page of max_limit.
    parameters = schema["paths"]["/api/v1/objectives/"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1}
    assert limit["allowEmptyValue"] is True
