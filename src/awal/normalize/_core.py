"""The step contract, the step registry and the shared text-editing helpers.

A step is a small object with two ways to run:

* ``apply(text) -> str``: the fast path (``str.translate`` and compiled regexes, no
  bookkeeping);
* ``apply_tracked(text) -> (str, edits)``: the same output plus the length-changing
  edits that :mod:`awal.normalize.offsets` turns into an offset map.

Steps are registered under versioned names (``"arabic.tatweel.v1"``, spaCy/catalogue
style): a pipeline written down as a list of names keeps its meaning when a later
version changes behaviour, and the unversioned name means "latest". Options are declared
(:class:`Option`) so they can be validated, listed, and written in a one-line spec
(``"social.tokens:url=placeholder:emoji=strip"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, ClassVar

from awal.errors import AwalError, InputTypeError, UnknownNameError, ensure_text
from awal.normalize.offsets import Edit

__all__ = [
    "CharMapStep",
    "Option",
    "Step",
    "StepOptionError",
    "TableApplier",
    "apply_outside",
    "apply_outside_tracked",
    "ensure_loaded",
    "get_step",
    "length_change_pattern",
    "list_steps",
    "register_step",
    "step_class",
    "sub_tracked",
    "translate_tracked",
]


class StepOptionError(AwalError, ValueError):
    """A step option with a value of the wrong kind (e.g. ``collapse_to=7``)."""


@dataclass(frozen=True)
class Option:
    """One declared option of a step: name, type, default, allowed values, meaning."""

    name: str
    kind: type
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()

    def parse(self, raw: str) -> Any:
        """Turn the string form used in specs and on the command line into a value."""
        if self.kind is bool:
            low = raw.strip().lower()
            if low in ("1", "true", "yes", "on"):
                return True
            if low in ("0", "false", "no", "off"):
                return False
            raise StepOptionError(f"option {self.name!r} takes true or false, not {raw!r}")
        if self.kind is int:
            try:
                return int(raw)
            except ValueError:
                raise StepOptionError(f"option {self.name!r} takes an integer, not {raw!r}") from None
        return raw

    def check(self, step: str, value: Any) -> Any:
        if self.kind is bool and not isinstance(value, bool):
            raise InputTypeError(f"option {step}:{self.name} must be bool, not {type(value).__name__}")
        if self.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise InputTypeError(f"option {step}:{self.name} must be int, not {type(value).__name__}")
        if self.kind is str and not isinstance(value, str):
            raise InputTypeError(f"option {step}:{self.name} must be str, not {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise UnknownNameError(f"value for {step}:{self.name}", value, [str(c) for c in self.choices])
        return value


class Step:
    """Base class of normalisation steps (subclass, declare ``name``/``OPTIONS``, register).

    Subclasses implement :meth:`apply` and :meth:`apply_tracked` (or derive from
    :class:`CharMapStep`, which implements both from a character table). Every step
    must be idempotent: ``apply(apply(t)) == apply(t)``.
    """

    #: registry name without version, e.g. ``"arabic.tatweel"``
    name: ClassVar[str] = ""
    version: ClassVar[int] = 1
    OPTIONS: ClassVar[tuple[Option, ...]] = ()
    #: the step never changes a pure-ASCII string (lets pipelines skip it on ASCII input)
    ascii_noop: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        declared = {o.name: o for o in self.OPTIONS}
        for key in options:
            if key not in declared:
                raise UnknownNameError(f"option of step {self.name}", key, declared)
        values = {o.name: o.check(self.name, options.get(o.name, o.default)) for o in self.OPTIONS}
        self.options: Mapping[str, Any] = MappingProxyType(values)
        self._setup()

    def _setup(self) -> None:
        """Compile tables and patterns from ``self.options`` (called once, by ``__init__``)."""

    # -- running -------------------------------------------------------------------------
    def __call__(self, text: str) -> str:
        """Normalise one string with this step alone."""
        return self.apply(ensure_text(text))

    def apply(self, text: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- identity ------------------------------------------------------------------------
    @property
    def spec(self) -> str:
        """Versioned one-line spec with the non-default options, e.g. ``"unicode.form.v1:form=NFKC"``."""
        parts = [f"{self.name}.v{self.version}"]
        for o in self.OPTIONS:
            value = self.options[o.name]
            if value != o.default:
                parts.append(f"{o.name}={str(value).lower() if isinstance(value, bool) else value}")
        return ":".join(parts)

    @classmethod
    def summary(cls) -> str:
        """First line of the docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""

    def __repr__(self) -> str:
        return f"<Step {self.spec}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Step) and other.spec == self.spec

    def __hash__(self) -> int:
        return hash(self.spec)


class CharMapStep(Step):
    """A step that maps single characters to strings (possibly empty): pure ``str.translate``.

    Consecutive char-map steps are fused by :class:`~awal.normalize.Pipeline` into one
    table, which is why the hot path stays fast with many small Arabic folds.
    """

    char_table: dict[int, str]
    #: the step is exactly ``text.translate(char_table)`` (subclasses that add more set False)
    fusable: ClassVar[bool] = True

    def _mapping(self) -> Mapping[str, str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _setup(self) -> None:
        self.char_table = {ord(k): v for k, v in self._mapping().items() if v != k}
        self._tracker = length_change_pattern(self.char_table)
        self._fast = TableApplier(self.char_table)

    def apply(self, text: str) -> str:
        return self._fast(text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        return translate_tracked(text, self.char_table, self._tracker)


# -- editing helpers -------------------------------------------------------------------------


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


class TableApplier:
    """``text.translate(table)``, fast on short strings.

    CPython's ``str.translate`` looks every non-ASCII character up in the dict (~0.3 µs
    each), while a regex over a character class scans at C speed. So: a class search
    first (most strings have nothing to change), then a ``sub`` over the few matching
    runs for short strings, ``translate`` for long ones.
    """

    __slots__ = ("_rx", "_table")

    _SHORT = 96

    def __init__(self, table: Mapping[int, str]) -> None:
        self._table = dict(table)
        self._rx = re.compile(_char_class(chr(k) for k in table) + "+") if table else None

    def _repl(self, m: re.Match[str]) -> str:
        return m.group().translate(self._table)

    def __call__(self, text: str) -> str:
        rx = self._rx
        if rx is None:
            return text
        if len(text) <= self._SHORT:
            return rx.sub(self._repl, text)
        if rx.search(text) is None:
            return text
        return text.translate(self._table)


def length_change_pattern(table: Mapping[int, str]) -> re.Pattern[str] | None:
    """Regex finding the characters a translate table deletes (in runs) or expands (singly)."""
    deleted = [chr(k) for k, v in table.items() if not v]
    expanded = [chr(k) for k, v in table.items() if v and len(v) > 1]
    alts = []
    if deleted:
        alts.append(_char_class(deleted) + "+")
    if expanded:
        alts.append(_char_class(expanded))
    return re.compile("|".join(alts)) if alts else None


def translate_tracked(text: str, table: Mapping[int, str], tracker: re.Pattern[str] | None) -> tuple[str, list[Edit]]:
    """``text.translate(table)`` plus its length-changing edits."""
    out = text.translate(table)
    if tracker is None or (len(out) == len(text) and tracker.search(text) is None):
        return out, []
    edits: list[Edit] = []
    delta = 0
    for m in tracker.finditer(text):
        s0, s1 = m.span()
        n = len(m.group().translate(table))
        o0 = s0 + delta
        edits.append((s0, s1, o0, o0 + n))
        delta += n - (s1 - s0)
    return out, edits


def sub_tracked(
    pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str, pos: int = 0, endpos: int | None = None
) -> tuple[str, list[Edit]]:
    """``pattern.sub(repl, text)`` plus its length-changing edits (offsets relative to ``pos``)."""
    end = len(text) if endpos is None else endpos
    pieces: list[str] = []
    edits: list[Edit] = []
    last = pos
    delta = 0
    for m in pattern.finditer(text, pos, end):
        s0, s1 = m.span()
        r = repl(m)
        pieces.append(text[last:s0])
        pieces.append(r)
        last = s1
        if len(r) != s1 - s0:
            o0 = s0 - pos + delta
            edits.append((s0 - pos, s1 - pos, o0, o0 + len(r)))
            delta += len(r) - (s1 - s0)
    pieces.append(text[last:end])
    return "".join(pieces), edits


def apply_outside(
    text: str,
    spans: list[tuple[int, int]],
    fn: Callable[[str], str],
) -> str:
    """Apply ``fn`` to the parts of ``text`` outside the protected ``spans``."""
    if not spans:
        return fn(text)
    pieces = []
    last = 0
    for a, b in spans:
        if a > last:
            pieces.append(fn(text[last:a]))
        pieces.append(text[a:b])
        last = b
    if last < len(text):
        pieces.append(fn(text[last:]))
    return "".join(pieces)


def apply_outside_tracked(
    text: str,
    spans: list[tuple[int, int]],
    fn: Callable[[str], tuple[str, list[Edit]]],
) -> tuple[str, list[Edit]]:
    """:func:`apply_outside` with edits; ``fn`` returns edits relative to its own input."""
    if not spans:
        return fn(text)
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    delta = 0
    for a, b in [*spans, (len(text), len(text))]:
        if a > last:
            out, sub = fn(text[last:a])
            base_o = last + delta
            edits.extend((s0 + last, s1 + last, o0 + base_o, o1 + base_o) for s0, s1, o0, o1 in sub)
            delta += len(out) - (a - last)
            pieces.append(out)
        pieces.append(text[a:b])
        last = b
    return "".join(pieces), edits


# -- registry ---------------------------------------------------------------------------------

_REGISTRY: dict[str, dict[int, type[Step]]] = {}
_SPEC = re.compile(r"^(?P<name>[a-z0-9_]+(?:\.[a-z0-9_]+)*?)(?:\.v(?P<version>\d+))?$")


def register_step(cls: type[Step]) -> type[Step]:
    """Class decorator: make a step available by name (third-party steps welcome)."""
    if not cls.name or _SPEC.match(cls.name) is None or re.search(r"\.v\d+$", cls.name):
        raise ValueError(f"invalid step name {cls.name!r}: use lower-case dotted names without a version suffix")
    versions = _REGISTRY.setdefault(cls.name, {})
    if cls.version in versions and versions[cls.version] is not cls:
        raise ValueError(f"step {cls.name}.v{cls.version} is already registered")
    versions[cls.version] = cls
    return cls


def list_steps(*, versions: bool = False) -> list[str]:
    """Registered step names (``versions=True``: every ``name.vN``)."""
    _load_builtin_steps()
    if versions:
        return sorted(f"{n}.v{v}" for n, vs in _REGISTRY.items() for v in vs)
    return sorted(_REGISTRY)


def step_class(name: str) -> type[Step]:
    """The class registered as ``name`` or ``name.vN`` (latest version if unversioned)."""
    _load_builtin_steps()
    m = _SPEC.match(name.strip()) if isinstance(name, str) else None
    base = m.group("name") if m else name
    if m is None or base not in _REGISTRY:
        raise UnknownNameError("normalisation step", name, list_steps())
    versions = _REGISTRY[base]
    if m.group("version") is None:
        return versions[max(versions)]
    v = int(m.group("version"))
    if v not in versions:
        raise UnknownNameError("normalisation step", name, list_steps(versions=True))
    return versions[v]


def get_step(spec: str | Step, **options: Any) -> Step:
    """A configured step from a name or one-line spec.

    ``get_step("arabic.harakat", keep_shadda=True)`` and
    ``get_step("arabic.harakat:keep_shadda=true")`` are the same step. Unknown names
    raise :class:`~awal.errors.UnknownNameError` listing the registered steps.
    """
    if isinstance(spec, Step):
        if options:
            return type(spec)(**{**spec.options, **options})
        return spec
    if not isinstance(spec, str):
        raise InputTypeError(f"a step is named by a str, not {type(spec).__name__}")
    name, *raw_options = spec.strip().split(":")
    cls = step_class(name)
    declared = {o.name: o for o in cls.OPTIONS}
    parsed: dict[str, Any] = {}
    for raw in raw_options:
        key, sep, value = raw.partition("=")
        key = key.strip()
        if not sep:
            raise StepOptionError(f"step option {raw!r} in {spec!r} must be written key=value")
        if key not in declared:
            raise UnknownNameError(f"option of step {cls.name}", key, declared)
        parsed[key] = declared[key].parse(value.strip())
    parsed.update(options)
    return cls(**parsed)


_loaded = False


def _load_builtin_steps() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        from awal.normalize.steps import arabic, arabizi, social, tifinagh, unicode  # noqa: F401


def ensure_loaded() -> None:
    """Import the built-in step modules (they register themselves)."""
    _load_builtin_steps()
