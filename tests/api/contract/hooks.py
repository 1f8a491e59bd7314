"""Schemathesis hooks for the contract test: valid requests name records that exist.

A schema can say that ``objective`` is an integer, not which integers are objectives the
caller may see; an unknown one is rightly a 400 naming the field. So in a case generated as
valid (and only then), a field or filter naming a record gets the id of a real record of the
test mission, given by the test in ``CONTRACT_REFERENCES`` (JSON: name to value). Nor can
OpenAPI say "not after today", the rule of the dates in ``NOT_FUTURE``: a valid case dated
later is dated today. An objective is not its own parent: a valid case editing the objective
the references name as parent gets no parent. Cases generated as invalid are sent as they are.
"""

from __future__ import annotations

import json
import os
from datetime import date
from typing import Any

import schemathesis
from schemathesis.generation import GenerationMode

REFERENCES: dict[str, Any] = json.loads(os.environ.get("CONTRACT_REFERENCES", "{}"))
NOT_FUTURE = ("as_of", "last_assessed_on", "read_on")


def with_references(values: Any) -> Any:
    if not isinstance(values, dict):
        return values
    for name, value in REFERENCES.items():
        if name in values and values[name] is not None:
            values[name] = list(value) if isinstance(values[name], list) else value
    today = date.today().isoformat()
    for name in NOT_FUTURE:
        if isinstance(values.get(name), str) and values[name] > today:
            values[name] = today
    return values


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return case
    case.query = with_references(case.query)
    case.body = with_references(case.body)
    if (
        case.operation.path == "/api/v1/objectives/{id}/"
        and isinstance(case.body, dict)
        and str((case.path_parameters or {}).get("id")) == str(REFERENCES.get("parent"))
        and case.body.get("parent") is not None
    ):
        case.body["parent"] = None
    return case
