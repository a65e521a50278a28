"""Job forms: JSON Schema (draft 2020-12) checked with the `jsonschema` library."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.exceptions import ValidationError as SchemaValidationError

from app.lib.problems import FieldError


def field_path(prefix: str, path: Iterable[Any]) -> str:
    """`data` + ["items", 2, "qty"] → `data.items[2].qty`."""
    out = prefix
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _where(error: SchemaValidationError, prefix: str) -> str:
    path = list(error.absolute_path)
    # A missing required property belongs to that property, not to its parent.
    instance = error.instance
    if (
        error.validator == "required"
        and isinstance(error.validator_value, list)
        and isinstance(instance, dict)
    ):
        for name in error.validator_value:
            if name not in instance:
                return field_path(prefix, [*path, name])
    return field_path(prefix, path)


def check_form(schema: dict[str, Any], data: dict[str, Any]) -> list[FieldError]:
    """Every way `data` breaks `schema`, one error per problem, with its field path."""
    if not schema:
        return []
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    return [FieldError(_where(e, "data"), e.message) for e in errors]


def check_schema(schema: dict[str, Any]) -> list[FieldError]:
    """Whether a job type's form is a valid JSON Schema (an object form)."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [FieldError(field_path("form_schema", error.absolute_path), error.message)]
    if schema and schema.get("type", "object") != "object":
        return [FieldError("form_schema.type", "a job form must be an object (type: object)")]
    return []
