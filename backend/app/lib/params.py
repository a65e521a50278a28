"""Numbers that arrive in a path or a query, bounded by the PostgreSQL columns they meet.

A number past a column's range is a 400 naming the parameter, not a 500 from the driver
(`/api/v1/events/1180591620717411303424`). Request bodies bound their numbers in their
Structs with `Meta(ge=…, le=…)`; tests/unit/test_openapi_contract.py checks both.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from litestar.params import PathParameter, QueryParameter

BIGINT_MAX: Final = 2**63 - 1  # PostgreSQL bigint (the ids of events, messages, letters…)
INTEGER_MAX: Final = 2**31 - 1  # PostgreSQL integer (versions, scores, counts)
INTEGER_MIN: Final = -(2**31)


def _exact(ge: int, le: int) -> dict[str, Any]:
    # Litestar writes a parameter's bounds into the OpenAPI as floats, and 2**63 - 1 as a
    # float is 2**63: the exact values go in as schema extras.
    return {"minimum": ge, "maximum": le}


# The id of a row with a bigint key, in a path: /events/{event_id}.
RowId = Annotated[int, PathParameter(ge=1, le=BIGINT_MAX, schema_extra=_exact(1, BIGINT_MAX))]
# A version or another positive integer column, in a path: /versions/{version}.
PositiveInt = Annotated[
    int, PathParameter(ge=1, le=INTEGER_MAX, schema_extra=_exact(1, INTEGER_MAX))
]
# "Older than this id" cursors of lists ordered by a bigint id: ?before=.
BeforeId = Annotated[
    int | None, QueryParameter(ge=1, le=BIGINT_MAX, schema_extra=_exact(1, BIGINT_MAX))
]
# A journey version to filter by: ?version=.
VersionFilter = Annotated[
    int | None, QueryParameter(ge=1, le=INTEGER_MAX, schema_extra=_exact(1, INTEGER_MAX))
]
# A filter on an integer column (a contact's score): ?score_min=.
IntegerFilter = Annotated[
    int | None,
    QueryParameter(ge=INTEGER_MIN, le=INTEGER_MAX, schema_extra=_exact(INTEGER_MIN, INTEGER_MAX)),
]
