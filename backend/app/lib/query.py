"""A msgspec Struct as a group of query parameters: declared once, documented in OpenAPI.

Litestar takes query parameters one handler argument at a time and has no way to group
them into a model (litestar-org/litestar#3841, #4155). `struct_query` builds a dependency
whose signature has one query parameter per field of the Struct, so adding a field to
the Struct adds the parameter to the endpoint and to its OpenAPI, with no other edit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Final, TypeVar

import msgspec
import msgspec.inspect
from litestar.params import QueryParameter

S = TypeVar("S", bound=msgspec.Struct)

# Names Litestar reserves for its own arguments: a field with one of these names gets an
# argument name with a trailing `_` (the query key stays the field's).
_RESERVED: Final = frozenset(
    {"body", "cookies", "data", "headers", "query", "request", "scope", "socket", "state"}
)


def _wire_type(field_type: Any) -> Any:
    """What the query string carries for a field: repeated strings for a list, a boolean
    for a flag, else one string. The Struct's own types are checked by `parse`, which
    names the field in its 400 answer."""
    info = msgspec.inspect.type_info(field_type)
    if isinstance(info, msgspec.inspect.ListType):
        return list[str]
    if isinstance(info, msgspec.inspect.BoolType):
        return bool
    return str


def struct_query(struct: type[S], parse: Callable[[dict[str, Any]], S]) -> Callable[..., S]:
    """A dependency provider: the query parameters named like `struct`'s fields, the ones
    given passed to `parse` as a dict (absent ones left out, so defaults apply)."""
    parameters: list[inspect.Parameter] = []
    keys: dict[str, str] = {}
    for field in msgspec.structs.fields(struct):
        argument = f"{field.name}_" if field.name in _RESERVED else field.name
        keys[argument] = field.encode_name
        # Built at run time from the Struct, so typed as a value, not a type.
        wire: Any = _wire_type(field.type)
        annotation: Any = Annotated[
            wire | None, QueryParameter(name=field.encode_name, required=False)
        ]
        parameters.append(
            inspect.Parameter(
                argument, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
            )
        )

    def provide(**given: Any) -> S:
        return parse({keys[name]: value for name, value in given.items() if value is not None})

    # Litestar reads a provider's parameters from its signature and type hints.
    provide.__signature__ = inspect.Signature(parameters, return_annotation=struct)  # type: ignore[attr-defined]
    provide.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": struct}
    provide.__name__ = f"{struct.__name__}_from_query"
    return provide
