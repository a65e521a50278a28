"""The permissions in code, in docs/auth-api.md and in the SPA's list are the same set."""

from __future__ import annotations

import re
from pathlib import Path

from app.auth.permissions import DESCRIPTIONS, KEY_SCOPES, Permission

ROOT = Path(__file__).resolve().parents[2]


def _documented() -> dict[str, str]:
    """permission -> its "on a server key" cell, from the Permissions table."""
    text = (ROOT / "docs" / "auth-api.md").read_text()
    section = text.split("## Permissions", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+:[a-z_]+)` \|[^|]+\| (yes|never) \|$", section, re.M)
    return dict(rows)


def test_every_permission_in_code_is_documented_and_nothing_else() -> None:
    documented = _documented()
    assert set(documented) == {p.value for p in Permission}
    assert set(DESCRIPTIONS) == set(Permission)


def test_the_docs_say_which_permissions_a_key_may_hold() -> None:
    documented = _documented()
    assert {name for name, on_key in documented.items() if on_key == "yes"} == {
        p.value for p in KEY_SCOPES
    }


def test_the_spa_lists_the_same_permissions() -> None:
    source = (ROOT / "frontend" / "src" / "lib" / "permissions.ts").read_text()
    listed = source.split("export const PERMISSIONS = [", 1)[1].split("]", 1)[0]
    assert set(re.findall(r'"([a-z_]+:[a-z_]+)"', listed)) == {p.value for p in Permission}
