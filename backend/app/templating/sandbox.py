"""Jinja2's sandbox with bounds: a template can neither run long nor grow memory.

The sandbox alone keeps a template away from Python's internals, but not from work:
`{{ 'a' * 10**9 }}` builds a gigabyte, nested loops or a macro calling itself twice spin
for minutes. Every render here runs under a `Budget` (LIMITS below) that the compiled
template itself draws on:

- every operator (`*`, `+`, `%`, `**`…), `~` join, filter and call is checked *before* it
  runs where its result could be large (a string times a number, a width of a billion),
  and what it made is counted afterwards;
- every block entered (a loop round, an `if` branch, a macro call, an include) and every
  item a loop or filter takes from a sequence is a step; steps are counted, and every
  32nd checks the deadline (CPU time of the rendering thread);
- everything printed, in a captured block too, is counted before it is turned into text.

So no single step does more than a bounded amount of work (about one value of
`LIMITS.value` characters), and the steps stop at `LIMITS.steps` or the deadline: a
render ends, rendered or refused with `TemplateLimitError`, within about the deadline
(plus at most 32 steps), in whatever thread it runs. Jinja compiles templates to Python,
and these checks are in the code it generates (`_BoundedCodeGenerator`), not in a
watchdog around it.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import update_wrapper
from string import Formatter
from typing import Any, Final

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace, _PassArg, pass_context
from markupsafe import Markup


@dataclass(frozen=True, slots=True)
class Limits:
    """What one message (all its parts) may cost to render; see docs/channels-api.md."""

    # Characters printed, captured blocks (`{% set x %}…{% endset %}`, macros) included.
    output: int = 1_000_000
    # Characters (or items) of any one value an operator, filter or call makes.
    value: int = 1_000_000
    # Items of a list, dict or range a template makes or loops over.
    items: int = 100_000
    # Loop rounds, blocks entered, operators, filters and calls.
    steps: int = 100_000
    # Characters made by all operators, filters and calls together: memory stays bounded
    # even when a loop keeps what it makes (`ns.list.append('x' * 999_999)`).
    work: int = 10_000_000
    # CPU seconds of the rendering thread (what the template costs, whatever else the
    # machine is doing), checked every few steps.
    seconds: float = 1.0
    # Bits of an integer an operator makes (`10**10**10` would run for hours).
    int_bits: int = 10_000


LIMITS: Final = Limits()


class TemplateLimitError(Exception):
    """A render went past one of the LIMITS; the message says which, for a marketer."""


class Budget:
    """What one render has used so far; every check raises TemplateLimitError past a limit."""

    __slots__ = ("deadline", "limits", "printed", "steps", "work")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.printed = 0
        self.work = 0
        self.deadline = time.thread_time() + limits.seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.steps:
            raise TemplateLimitError(
                f"the template does more than {self.limits.steps:,} steps (loop rounds, "
                "calls and operations): make it simpler"
            )
        # Reading a thread's CPU clock is a system call: every 32 steps is often enough.
        if not self.steps % 32 and time.thread_time() > self.deadline:
            raise TemplateLimitError(
                f"the template takes more than {self.limits.seconds:g} s to render"
            )

    def allow(self, size: int, what: str) -> None:
        """Refuse, before it is made, a value of `size` characters or items."""
        if size > self.limits.value:
            raise TemplateLimitError(
                f"{what} would make {size:,} characters; the limit is {self.limits.value:,}"
            )

    def made(self, value: Any) -> Any:
        """Count what an operation made (a string or a container); returns it."""
        if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
            size = len(value)
            if size > self.limits.value:
                raise TemplateLimitError(
                    f"a value of {size:,} characters or items is too big; the limit is "
                    f"{self.limits.value:,}"
                )
            self.work += size
            if self.work > self.limits.work:
                raise TemplateLimitError(
                    f"the template makes more than {self.limits.work:,} characters in all"
                )
        return value

    def print(self, size: int) -> None:
        self.printed += size
        if self.printed > self.limits.output:
            raise TemplateLimitError(
                f"the template prints more than {self.limits.output:,} characters"
            )


_BUDGET: ContextVar[Budget | None] = ContextVar("waymark_template_budget", default=None)


@contextlib.contextmanager
def bounded(limits: Limits = LIMITS) -> Iterator[Budget]:
    """One budget for what renders inside (all parts of one message); nested scopes share
    the outer one. Each thread (and each asyncio task) has its own."""
    current = _BUDGET.get()
    if current is not None:
        yield current
        return
    budget = Budget(limits)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _budget() -> Budget:
    budget = _BUDGET.get()
    if budget is None:  # pragma: no cover - BoundedTemplate.render always opens one
        raise TemplateLimitError("a template ran outside a bounded render")
    return budget


# ---- sizes ---------------------------------------------------------------------------


def size_of(value: Any, cap: int) -> int:
    """About how many characters `str(value)` would have, counted without making it, and
    stopping once past `cap` (a list of a thousand references to one long string is long).
    """
    total = -2 if isinstance(value, str | bytes) else 0  # no quotes around a lone string
    seen: set[int] = set()
    stack = [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, Namespace):
            item = item._Namespace__attrs
        if isinstance(item, list | tuple | set | frozenset | dict):
            if id(item) in seen:
                total += 5  # Python prints a repeated container as `[...]`
                continue
            seen.add(id(item))
            total += 2 * len(item) + 2
            items = itertools.chain(item.keys(), item.values()) if isinstance(item, dict) else item
            for inner in items:
                # Strings and numbers inline (most items are): only containers go on the stack.
                kind = type(inner)
                if kind is str:
                    total += len(inner) + 2
                elif kind is int:
                    total += inner.bit_length() // 3 + 2
                elif kind is float or kind is bool or inner is None:
                    total += 8
                else:
                    stack.append(inner)
                if total > cap:
                    break
        else:
            total += _scalar_size(item)
    return total


def _scalar_size(item: Any) -> int:
    if isinstance(item, str | bytes):
        return len(item) + 2
    if isinstance(item, int):
        return item.bit_length() // 3 + 2
    return 24 if isinstance(item, range) else 32


def _checked(value: Any, what: str) -> Any:
    """`value` if it could be printed within the value limit."""
    budget = _budget()
    if not isinstance(value, bool | int | float | type(None)):
        budget.allow(size_of(value, budget.limits.value), what)
    return value


@pass_context
def _loop_items(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """What every `{% for %}` loops over: its items counted (a context filter, so never
    run while compiling)."""
    return _counted(iterable)


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Each item taken is a step (a loop over a long string, a lazy `map`)."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


def _items(iterable: Iterable[Any], what: str) -> list[Any]:
    """The items of `iterable` as a list, refused past the item limit."""
    budget = _budget()
    if isinstance(iterable, Mapping | list | tuple | str | range | set | frozenset):
        if len(iterable) > budget.limits.items:
            raise TemplateLimitError(
                f"{what} has more than {budget.limits.items:,} items; that is the limit"
            )
        return list(iterable)
    items: list[Any] = []
    for item in _counted(iterable):
        items.append(item)
        if len(items) > budget.limits.items:
            raise TemplateLimitError(
                f"{what} has more than {budget.limits.items:,} items; that is the limit"
            )
    return items


# ---- formatting: `'%5s' % x`, `'{:>5}'.format(x)`, `|format` -------------------------

_PERCENT_SPEC: Final = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
_NUMBERS: Final = re.compile(r"\d+")


def _percent_size(fmt: str, args: Any) -> int:
    """What `fmt % args` can print at most."""
    widths = 0
    for match in _PERCENT_SPEC.finditer(fmt):
        for number in match.groups():
            if number == "*":
                raise TemplateLimitError("a `*` width in a % format is not allowed")
            if number:
                widths += int(number) if len(number) < 12 else 10**12
    return len(fmt) + widths + size_of(args, _budget().limits.value)


class _FieldCheck(Formatter):
    """A format field (`{:>20}`) may not ask for more than the value limit."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = _budget()
        budget.step()
        wanted = sum(
            int(number) if len(number) < 12 else 10**12 for number in _NUMBERS.findall(format_spec)
        )
        budget.allow(wanted + size_of(value, budget.limits.value), "a format field")
        return budget.made(super().format_field(value, format_spec))


class _BoundedFormatter(_FieldCheck, SandboxedFormatter):
    pass


class _BoundedEscapeFormatter(_FieldCheck, SandboxedEscapeFormatter):
    pass


# ---- operators ----------------------------------------------------------------------

_SEQUENCES: Final = (str, list, tuple)


def _binop_size(operator: str, left: Any, right: Any, limits: Limits) -> tuple[int, str] | None:
    """(size of the result, what it is) when it can be large, before it is made."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                return size_of(seq, limits.value) * max(times, 0), "a repetition"
    if operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        return size_of(left, limits.value) + size_of(right, limits.value), "a join with +"
    if operator == "%" and isinstance(left, str):
        return _percent_size(left, right), "a % format"
    return None


def _check_int_op(operator: str, left: Any, right: Any, limits: Limits) -> None:
    if not (isinstance(left, int) and isinstance(right, int)):
        return
    bits = 0
    if operator == "*":
        bits = left.bit_length() + right.bit_length()
    elif operator == "**" and right > 0 and abs(left) > 1:
        bits = left.bit_length() * right if right < 2**32 else 2**64
    if bits > limits.int_bits:
        raise TemplateLimitError(
            f"a number of about {bits:,} bits is too big to compute; the limit is "
            f"{limits.int_bits:,} bits"
        )


# ---- methods a template may call on strings, lists and dicts -------------------------

# Methods that never make more than their input (or a number, or a bool).
_SAFE_METHODS: Final[dict[type, frozenset[str]]] = {
    str: frozenset(
        (
            *("capitalize", "casefold", "count", "endswith", "find", "index", "lower", "lstrip"),
            *("partition", "removeprefix", "removesuffix", "rfind", "rindex", "rpartition"),
            *("rsplit", "rstrip", "split", "splitlines", "startswith", "strip", "swapcase"),
            *("title", "upper", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit"),
            *("isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle"),
            *("isupper", "striptags", "unescape"),  # the last two are Markup's (a str)
        )
    ),
    list: frozenset(("clear", "copy", "count", "index", "pop", "remove", "reverse", "sort")),
    tuple: frozenset(("count", "index")),
    dict: frozenset(("clear", "copy", "get", "items", "keys", "pop", "popitem", "values")),
}


def _width(s: str, width: Any = 0, *_: Any) -> int:
    return max(len(s), width if isinstance(width, int) else 0)


def _expandtabs(s: str, tabsize: Any = 8) -> int:
    return len(s) * max(tabsize if isinstance(tabsize, int) else 8, 1)


def _replace(s: str, old: Any = "", new: Any = "", count: Any = -1) -> int:
    if not (isinstance(old, str) and isinstance(new, str)) or len(new) <= len(old):
        return len(s)
    found = len(s) + 1 if not old else s.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(s) + found * (len(new) - len(old))


# Methods that can make more than their input: what they would make, before they run.
_SIZED_METHODS: Final[dict[str, Callable[..., int]]] = {
    "center": _width,
    "ljust": _width,
    "rjust": _width,
    "zfill": _width,
    "expandtabs": _expandtabs,
    "replace": _replace,
}


def _check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The method to call, or SecurityError when a template may not call it; refuses
    before the call what would be too big. Returns a replacement callable or `obj`."""
    owner: Any = getattr(obj, "__self__", None)
    name: str = getattr(obj, "__name__", "")
    kind = next((k for k in (str, list, tuple, dict) if isinstance(owner, k)), None)
    budget = _budget()
    if kind is None:
        if name == "strftime" and args:
            # A date's format may grow about thirty-fold (`%c`).
            budget.allow(size_of(args[0], budget.limits.value) * 32, "“strftime”")
        return obj
    if name in _SAFE_METHODS[kind]:
        return obj
    if kind is str and name in _SIZED_METHODS:
        budget.allow(_SIZED_METHODS[name](owner, *args, **kwargs), f"“{name}”")
        return obj
    if kind is str and name == "join" and len(args) == 1:
        items = _items(args[0], "“join”")
        size = sum(size_of(item, budget.limits.value) for item in items)
        budget.allow(size + len(owner) * len(items), "“join”")
        return lambda *_: owner.join(items)
    if kind is list and name in ("append", "insert", "extend"):
        added = _items(args[0], "“extend”") if name == "extend" and len(args) == 1 else [None]
        if len(owner) + len(added) > budget.limits.items:
            raise TemplateLimitError(
                f"a list of more than {budget.limits.items:,} items is too big; that is the limit"
            )
        return (lambda *_: owner.extend(added)) if name == "extend" else obj
    if kind is dict and name in ("update", "setdefault"):
        if len(owner) + 1 + len(args[0] if args and isinstance(args[0], Mapping) else kwargs) > (
            budget.limits.items
        ):
            raise TemplateLimitError(
                f"a dict of more than {budget.limits.items:,} items is too big; that is the limit"
            )
        return obj
    raise SecurityError(f"“{kind.__name__}.{name}” is not allowed in a template")


# ---- filters --------------------------------------------------------------------------


def _indent(s: Any, width: Any = 4, *_: Any, **__: Any) -> int:
    text = str(s)
    step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
    return len(text) + (text.count("\n") + 1) * max(step, 0)


def _wordwrap(s: Any, width: Any = 79, *args: Any, **kwargs: Any) -> int:
    wrap = kwargs.get("wrapstring", args[1] if len(args) > 1 else None)
    text = str(s)
    return len(text) + (len(text) + 1) * len(wrap if isinstance(wrap, str) else "\n")


def _center(s: Any, width: Any = 80) -> int:
    return _width(str(s), width)


def _replace_filter(s: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
    return _replace(str(s), old, new, -1 if count is None else count)


def _format(fmt: Any, *args: Any, **kwargs: Any) -> int:
    return _percent_size(str(fmt), kwargs or args)


def _batch(items: Any, linecount: Any = 1, fill_with: Any = None) -> int:
    return linecount if isinstance(linecount, int) else 0


def _tojson(value: Any, indent: Any = None) -> int:
    size = size_of(value, _budget().limits.value)
    return size * (1 + (indent if isinstance(indent, int) else 0))


def _date(value: Any, fmt: Any = "", *_: Any) -> int:
    return len(str(fmt)) * 32  # a date's format may grow about thirty-fold (`%c`)


# Filters that can make much more than they are given: what they would make.
_SIZED_FILTERS: Final[dict[str, Callable[..., int]]] = {
    "date": _date,
    "center": _center,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": _replace_filter,
    "format": _format,
    "batch": _batch,
    "slice": _batch,
    "tojson": _tojson,
}


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with the checks: a context filter, so never run while compiling."""
    pass_arg = _PassArg.from_obj(func)
    estimate = _SIZED_FILTERS.get(name)

    def run(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        for given in (value, *args, *kwargs.values()):
            _checked(given, f"the “{name}” filter's input")
        if name in ("join", "sum", "list", "sort", "unique", "reverse") and not (
            name == "reverse" and isinstance(value, str)
        ):
            value = _items(value, f"the “{name}” filter's input")
        elif isinstance(value, Iterator):
            value = _counted(value)
        if estimate is not None:
            budget.allow(estimate(value, *args, **kwargs), f"the “{name}” filter")
        if name == "join":
            joiner = args[0] if args else kwargs.get("d", "")
            size = sum(size_of(item, budget.limits.value) for item in value)
            budget.allow(size + len(str(joiner)) * len(value), "the “join” filter")
        if name == "sum" and not isinstance(kwargs.get("start", args[1:2] or 0), int | float):
            # Adding up lists copies each sum again: quadratic work.
            raise SecurityError("the “sum” filter adds numbers only")
        first: tuple[Any, ...] = ()
        if pass_arg is _PassArg.context:
            first = (context,)
        elif pass_arg is _PassArg.eval_context:
            first = (context.eval_ctx,)
        elif pass_arg is _PassArg.environment:
            first = (context.environment,)
        return budget.made(func(*first, value, *args, **kwargs))

    # Not `func`'s attributes: they say how Jinja should call `func`, not `run`.
    return pass_context(update_wrapper(run, func, updated=()))


def _bounded_range(*args: Any) -> range:
    budget = _budget()
    budget.step()
    numbers = range(*args)
    if len(numbers) > budget.limits.items:
        raise TemplateLimitError(
            f"range() of {len(numbers):,} numbers is too long; the limit is {budget.limits.items:,}"
        )
    return numbers


# ---- the environment -----------------------------------------------------------------

# The filter every `{% for %}` takes its items through (see _BoundedCodeGenerator).
_LOOP_FILTER: Final = "waymark_loop_items"


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with a step at every block, loop item, `~` and print."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:  # noqa: N802
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(
                loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno
            )
        super().visit_Template(node, frame)

    def blockvisit(self, nodes: Iterable[nodes.Node], frame: Frame) -> None:
        # Each loop round, branch taken, macro call, block and include is a step.
        self.writeline("environment.waymark_step()")
        super().blockvisit(nodes, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.waymark_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.waymark_print(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.waymark_printable(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.waymark_print({super()._output_const_repr(group)})"


class BoundedTemplate(Template):
    """A template whose render has a budget (the caller's, or one of its own)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with bounded():
            return super().render(*args, **kwargs)


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox whose templates keep to LIMITS (see the module's docstring)."""

    code_generator_class = _BoundedCodeGenerator
    template_class = BoundedTemplate
    # Every arithmetic operator is checked (and, intercepted, never folded at compile
    # time: `{{ 'a' * 10**9 }}` would otherwise be computed by the compiler itself).
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _bounded_range
        # Placeholder text has no place in a message, and `lipsum(10**6)` is large.
        self.globals.pop("lipsum", None)
        self.filters[_LOOP_FILTER] = _loop_items
        self.bound_filters()

    def bound_filters(self) -> None:
        """Wrap every filter in the checks; call again after adding filters."""
        for name, func in list(self.filters.items()):
            if name != _LOOP_FILTER and not getattr(func, "waymark_bounded", False):
                wrapped = _bounded_filter(name, func)
                wrapped.waymark_bounded = True  # type: ignore[attr-defined]
                self.filters[name] = wrapped

    # Hooks the generated code calls (a template cannot reach `environment` itself).

    def waymark_step(self) -> None:
        _budget().step()

    def waymark_concat(self, join: Callable[[Iterable[Any]], str], parts: tuple[Any, ...]) -> str:
        budget = _budget()
        budget.step()
        budget.allow(sum(size_of(p, budget.limits.value) for p in parts), "a join with ~")
        return budget.made(join(parts))  # type: ignore[no-any-return]

    def waymark_printable(self, value: Any) -> Any:
        budget = _budget()
        if not isinstance(value, str):
            # Printing a list prints all it holds: count it before it becomes text.
            wanted = size_of(value, budget.limits.output)
            if budget.printed + wanted > budget.limits.output:
                budget.print(wanted)
        return value

    def waymark_print(self, text: str) -> str:
        _budget().print(len(text))
        return text

    # The sandbox's own hooks.

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        budget.step()
        _check_int_op(operator, left, right, budget.limits)
        sized = _binop_size(operator, left, right, budget.limits)
        if sized is not None:
            budget.allow(*sized)
        return budget.made(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.step()
        if isinstance(obj, LoopContext) and args:
            # `loop(children)` in a recursive loop: its items are steps too.
            args = (_counted(args[0]), *args[1:])
        elif isinstance(obj, types.BuiltinMethodType | types.MethodType):
            obj = _check_method(obj, args, kwargs)
        return budget.made(super().call(context, obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`str.format` / `format_map` through a formatter that checks every field."""
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        owner: Any = value.__self__
        if not isinstance(owner, str):
            return None
        formatter: SandboxedFormatter = (
            _BoundedEscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else _BoundedFormatter(self)
        )
        is_map = value.__name__ == "format_map"
        kind = type(owner)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return kind(formatter.vformat(owner, args, kwargs))

        return update_wrapper(wrapper, value)
