"""Turn msgspec's decode errors into a field path and a sentence a marketer understands."""

from __future__ import annotations

import re
from typing import Final

_AT: Final = re.compile(r"^(?P<text>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)

# (pattern over msgspec's text, replacement); the first match wins.
_PHRASES: Final[list[tuple[re.Pattern[str], str]]] = [
    (re.compile(r"^Object missing required field `(?P<f>[^`]+)`$"), "is required"),
    (
        re.compile(r"^Object contains unknown field `(?P<f>[^`]+)`$"),
        "is not a setting of this step",
    ),
    (re.compile(r"^Expected `str` matching regex .*$"), "has the wrong format"),
    (re.compile(r"^Expected `(int|float)` >= (?P<n>\S+)$"), "must be at least {n}"),
    (re.compile(r"^Expected `(int|float)` <= (?P<n>\S+)$"), "must be at most {n}"),
    (re.compile(r"^Expected `str` of length >= 1$"), "must not be empty"),
    (re.compile(r"^Expected `str` of length >= (?P<n>\d+)$"), "needs at least {n} characters"),
    (re.compile(r"^Expected `str` of length <= (?P<n>\d+)$"), "is longer than {n} characters"),
    (re.compile(r"^Expected `(array|object)` of length >= (?P<n>\d+)$"), "needs at least {n}"),
    (re.compile(r"^Expected `(array|object)` of length <= (?P<n>\d+)$"), "allows at most {n}"),
    (re.compile(r"^Invalid enum value (?P<v>.+)$"), "{v} is not one of the choices"),
    (re.compile(r"^Invalid value (?P<v>.+)$"), "{v} is not one of the choices"),
    (re.compile(r"^Expected `int(?: \| null)?`, got .*$"), "must be a whole number"),
    (re.compile(r"^Expected `(float|number)(?: \| null)?`, got .*$"), "must be a number"),
    (re.compile(r"^Expected `str(?: \| null)?`, got .*$"), "must be text"),
    (re.compile(r"^Expected `bool(?: \| null)?`, got .*$"), "must be yes or no (true / false)"),
    (re.compile(r"^Expected `array(?: \| null)?`, got .*$"), "must be a list"),
    (re.compile(r"^Expected `object(?: \| null)?`, got .*$"), "must be a group of settings"),
]


# A list's items by the name of one: `rules[0]` → `rule 1`.
_ITEM: Final = {
    "rules": "rule",
    "cases": "case",
    "branches": "branch",
    "where": "property filter",
    "set_fields": "field",
}
_INDEXED: Final = re.compile(r"(?P<name>\w+)\[(?P<index>\d+)\]")


def readable(path: str) -> str:
    """`config.duration.amount` → `duration amount`; `config.condition.rules[0].event_name`
    → `condition, rule 1, event name`: a field path said in words."""

    def item(hit: re.Match[str]) -> str:
        name, number = hit["name"], int(hit["index"]) + 1
        one = _ITEM.get(name)
        return f"{name}.{one} {number}" if one else name

    spoken = _INDEXED.sub(item, path.removeprefix("config."))
    parts = [part.replace("_", " ").strip() for part in spoken.split(".") if part]
    # A list's own name before its item says nothing more ("rules, rule 1").
    kept = [
        part
        for index, part in enumerate(parts)
        if not (
            index + 1 < len(parts)
            and _ITEM.get(part.replace(" ", "_")) is not None
            and parts[index + 1].startswith(_ITEM[part.replace(" ", "_")])
        )
    ]
    return ", ".join(kept) if any(p[-1:].isdigit() for p in kept) else " ".join(kept)


def explain(error: Exception) -> tuple[str, str]:
    """(field path relative to the decoded value, readable sentence) for a decode error."""
    found = _AT.match(str(error))
    text, path = (found["text"], found["path"] or "") if found else (str(error), "")
    for pattern, phrase in _PHRASES:
        hit = pattern.match(text)
        if hit is None:
            continue
        groups = hit.groupdict()
        if "f" in groups:
            path = f"{path}.{groups['f']}"
        return path.lstrip("."), phrase.format(**groups)
    return path.lstrip("."), text
