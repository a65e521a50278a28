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


def readable(path: str) -> str:
    """`config.duration.amount` → `duration amount`: a field path said in words."""
    words = re.sub(r"\[\d+\]", "", path.removeprefix("config.")).replace(".", " ")
    return words.replace("_", " ").strip()


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
