"""`python -m app.schemas [--check]`: write schemas/*.json (JSON Schemas and published
definitions), or fail when they drift."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.schemas.registry import render_all

SCHEMAS_DIR = Path(__file__).resolve().parents[3] / "schemas"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m app.schemas")
    parser.add_argument("--check", action="store_true", help="fail if a committed file drifts")
    parser.add_argument("--out", type=Path, default=SCHEMAS_DIR)
    args = parser.parse_args()
    wanted = render_all()
    on_disk = {path.name for path in args.out.glob("*.json")}
    if args.check:
        stale = sorted(
            name
            for name, text in wanted.items()
            if not (args.out / name).is_file() or (args.out / name).read_text() != text
        )
        extra = sorted(on_disk - wanted.keys())
        for name in stale:
            print(f"schemas/{name} is out of date: run `make schemas`", file=sys.stderr)
        for name in extra:
            print(f"schemas/{name} has no Struct behind it: delete it", file=sys.stderr)
        return 1 if stale or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in wanted.items():
        (args.out / name).write_text(text)
    for name in on_disk - wanted.keys():
        (args.out / name).unlink()
    print(f"wrote {len(wanted)} file(s) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
