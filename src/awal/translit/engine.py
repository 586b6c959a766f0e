"""The one small engine behind every table-driven transliteration scheme.

A scheme is a data file (``schemes/<name>.json``) that says how one way of writing
Amazigh maps to IRCAM Tifinagh, the pivot: ``decode`` rules read the scheme into
Tifinagh, ``encode`` rules write Tifinagh in the scheme. Converting between two
non-Tifinagh schemes goes through the pivot (decode, then encode).

A direction is compiled once (cached per process) into a :class:`Table`: a
**longest-match tokeniser** over the rule keys. At each position the longest key
whose context holds wins; text no key matches is copied unchanged, which is why
digits, punctuation, emoji and other scripts pass through untouched. Rules may carry
a context, written in the data file as character classes:

``after`` / ``not_after``
    the previous character is / is not in the class (start of text counts as "not");
``before`` / ``not_before``
    the same for the next character.

A class is a string of characters, ``@NAME`` for a class defined in the file's
``classes``, or ``@letters`` for every character of the direction's own keys
(``"not_after": "@letters"`` = word-initial). Two decode options cover what a plain
mapping cannot:

``glides``
    letters that are a vowel or a consonant depending on context (Arabic ي = i or y,
    و = u or w). They read as the consonant at the start of a word, after a vowel,
    or before one of ``glide_consonant_before``; as the vowel otherwise.
``gemination_mark``
    a mark (Arabic shadda) that doubles the letter it follows.

Without contexts or glides, and when every multi-character key is just the
concatenation of its letters' mappings, a table compiles to :meth:`str.translate`.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from awal.errors import AwalError, ModelError, UnknownNameError

__all__ = [
    "DEFAULT_READERS",
    "DEFAULT_WRITERS",
    "PIVOT",
    "AmbiguousSchemeError",
    "Converter",
    "Rule",
    "Scheme",
    "SchemeDirectionError",
    "SchemeInfo",
    "Table",
    "compile_table",
    "converter",
    "load_scheme",
    "resolve",
    "scheme_names",
    "script_alias",
]

#: the scheme every conversion goes through
PIVOT = "tfng"
_FORMAT = 1
_CONTEXT_KEYS = ("after", "not_after", "before", "not_before")


class SchemeDirectionError(AwalError, ValueError):
    """A scheme used in a direction it does not support (e.g. writing an input-only scheme)."""


class AmbiguousSchemeError(AwalError, ValueError):
    """A script pair that does not say which language is meant (Latn <-> Arab)."""


@dataclass(frozen=True)
class Rule:
    """``source`` becomes ``target`` where the context holds (empty context: always)."""

    source: str
    target: str
    after: str | None = None
    not_after: str | None = None
    before: str | None = None
    not_before: str | None = None

    @property
    def has_context(self) -> bool:
        return any(getattr(self, k) is not None for k in _CONTEXT_KEYS)


@dataclass(frozen=True)
class SchemeInfo:
    """What :func:`awal.translit.schemes` reports about one scheme."""

    name: str
    script: str
    description: str
    reference: str
    readable: bool
    writable: bool

    @property
    def direction(self) -> str:
        """``"both"``, ``"input"`` (read only) or ``"output"`` (write only)."""
        if self.readable and self.writable:
            return "both"
        return "input" if self.readable else "output"


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


class Table:
    """One compiled direction of a scheme; call :meth:`apply` on text.

    Compiled to the cheapest equivalent of the longest-match tokeniser: ``str.translate``
    when every key is one character (or a concatenation of them) and nothing depends on
    context; otherwise a regex pass for the multi-character and contextual keys followed
    by ``str.translate`` for the single characters (valid because no output character is
    itself a key); and, for tables with glides, one regex pass that keeps the state.
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        *,
        glides: Mapping[str, tuple[str, str]] | None = None,
        vowels: str = "",
        glide_consonant_before: str = "",
    ) -> None:
        self.rules = tuple(rules)
        self.glides = dict(glides or {})
        self._vowels = frozenset(vowels)
        self._glide_cons_before = frozenset(glide_consonant_before)
        #: every character that appears in a key: text without them passes unchanged
        self.alphabet: frozenset[str] = frozenset("".join(r.source for r in self.rules) + "".join(self.glides))
        plain: dict[str, str] = {}
        for r in self.rules:
            if not r.has_context:
                plain.setdefault(r.source, r.target)  # the first rule listed for a key wins
        self._plain = plain
        single = {k: v for k, v in plain.items() if len(k) == 1}
        self._translate: dict[int, str] | None = {ord(k): v for k, v in single.items()}
        self._regex: re.Pattern[str] | None = None
        self._targets: list[str | tuple[str, str]] = []
        contextual = [r for r in self.rules if r.has_context]
        multi = [k for k in plain if len(k) > 1]
        outputs = "".join(r.target for r in self.rules) + "".join("".join(p) for p in self.glides.values())
        if not self.glides and not contextual and all("".join(single.get(c, c) for c in k) == plain[k] for k in multi):
            self._mode = "translate"
        elif not self.glides and not (set(outputs) & set(single)):
            self._mode = "two-pass"
            self._compile(contextual, multi, with_singles=False)
        else:
            self._mode = "one-pass"
            self._translate = None
            self._compile(contextual, multi, with_singles=True)

    def _compile(self, contextual: list[Rule], multi: list[str], *, with_singles: bool) -> None:
        # longest key first; at equal length, contextual rules (captured, so `m.lastindex`
        # names the winner) before plain keys (looked up in a dict).
        entries: list[tuple[int, int, int, str, str | tuple[str, str] | None]] = []
        for i, r in enumerate(contextual):
            entries.append((-len(r.source), 0, i, self._pattern(r), r.target))
        for i, (src, pair) in enumerate(self.glides.items()):
            entries.append((-len(src), 0, len(contextual) + i, re.escape(src), pair))
        for k in multi:
            entries.append((-len(k), 1, 0, re.escape(k), None))
        entries.sort(key=lambda e: e[:3])
        alternatives: list[str] = []
        for _, _, _, pattern, target in entries:
            if target is None:
                alternatives.append(pattern)
            else:
                alternatives.append(f"({pattern})")
                self._targets.append(target)
        singles = [k for k in self._plain if len(k) == 1 and k not in self.glides]
        if with_singles and singles:
            alternatives.append(_char_class(singles))
        firsts = {r.source[0] for r in contextual} | {g[0] for g in self.glides}
        firsts |= {k[0] for k in (self._plain if with_singles else multi)}
        first = _char_class(firsts) if firsts else "(?!)"
        # the look-ahead on the first character lets the scan skip foreign text quickly
        self._regex = re.compile(f"(?={first})(?:{'|'.join(alternatives) or '(?!)'})")

    def _pattern(self, r: Rule) -> str:
        p = re.escape(r.source)
        if r.after is not None:
            p = f"(?<={_char_class(r.after)})" + p
        if r.not_after is not None:
            p = f"(?<!{_char_class(r.not_after)})" + p
        if r.before is not None:
            p += f"(?={_char_class(r.before)})"
        if r.not_before is not None:
            p += f"(?!{_char_class(r.not_before)})"
        return p

    def apply(self, text: str) -> str:
        """Transliterate ``text`` (already validated as ``str``)."""
        if self._mode == "translate":
            assert self._translate is not None
            return text.translate(self._translate)
        assert self._regex is not None
        targets, plain = self._targets, self._plain
        if self._mode == "two-pass":
            assert self._translate is not None
            if self._targets or plain:
                text = self._regex.sub(lambda m: targets[m.lastindex - 1] if m.lastindex else plain[m.group()], text)  # type: ignore[misc,return-value]
            return text.translate(self._translate)
        # glides need the reading of the previous letter: a left-to-right scan with state
        vowels, cons_before = self._vowels, self._glide_cons_before
        last_end = -1
        consonant_reading = True  # start of text: like a word start

        def sub(m: re.Match[str]) -> str:
            nonlocal last_end, consonant_reading
            if m.start() != last_end:  # something unmapped in between: a word start
                consonant_reading = True
            target = targets[m.lastindex - 1] if m.lastindex else plain[m.group()]
            if isinstance(target, tuple):
                end = m.end()
                as_consonant = consonant_reading or (end < len(text) and text[end] in cons_before)
                out = target[0] if as_consonant else target[1]
            else:
                out = target
            if out:
                consonant_reading = out[-1] in vowels
            last_end = m.end()
            return out

        return self._regex.sub(sub, text)


def _case_variants(key: str) -> set[str]:
    """``key`` in every upper/lower combination (only single-character case mappings)."""
    options = []
    for c in key:
        alts = {c}
        for v in (c.lower(), c.upper()):
            if len(v) == 1:
                alts.add(v)
        options.append(sorted(alts))
    if len(options) > 6:  # pragma: no cover - keys are short; guard against a bad data file
        return {key, key.lower(), key.upper()}
    return {"".join(p) for p in itertools.product(*options)}


def _key_variants(key: str, case_insensitive: bool) -> list[str]:
    """The key as written, its NFC and NFD forms, and (optionally) its case variants."""
    forms = {key, unicodedata.normalize("NFC", key), unicodedata.normalize("NFD", key)}
    if case_insensitive:
        forms = {v for f in forms for v in _case_variants(f)}
    return [key, *sorted(forms - {key})]


def compile_table(
    rules: Sequence[Rule],
    *,
    case_insensitive: bool = False,
    glides: Mapping[str, tuple[str, str]] | None = None,
    vowels: str = "",
    glide_consonant_before: str = "",
    gemination_mark: str | None = None,
) -> Table:
    """Expand key variants (case, NFC/NFD, gemination) and compile a :class:`Table`."""
    expanded: list[Rule] = []
    for r in rules:
        for k in _key_variants(r.source, case_insensitive):
            expanded.append(Rule(k, r.target, r.after, r.not_after, r.before, r.not_before))
    glide_map: dict[str, tuple[str, str]] = {}
    for k, pair in (glides or {}).items():
        for v in _key_variants(k, case_insensitive):
            glide_map.setdefault(v, pair)
    if gemination_mark:
        extra = [
            Rule(r.source + gemination_mark, r.target * 2)
            for r in expanded
            if len(r.source) == 1 and r.target and not r.has_context
        ]
        extra += [Rule(k + gemination_mark, pair[0] * 2) for k, pair in glide_map.items()]
        expanded += extra
        expanded.append(Rule(gemination_mark, ""))
    return Table(
        expanded,
        glides=glide_map,
        vowels=vowels,
        glide_consonant_before=glide_consonant_before,
    )


class Scheme:
    """A scheme loaded from its data file; its two directions compile lazily."""

    def __init__(self, data: Mapping[str, Any], origin: str) -> None:
        self.origin = origin
        try:
            if data.get("format") != _FORMAT:
                raise ValueError(f"unsupported format {data.get('format')!r} (expected {_FORMAT})")
            self.name: str = data["name"]
            self.script: str = data["script"]
            self.description: str = data["description"]
            self.reference: str = data.get("reference", "")
            self.readable: bool = bool(data.get("readable", True))
            self.writable: bool = bool(data.get("writable", True))
            self._classes: dict[str, str] = dict(data.get("classes", {}))
            letters = [tuple(p) for p in data.get("letters", [])]
            if any(len(p) < 2 for p in letters):
                raise ValueError("every entry of 'letters' is [tifinagh, scheme, ...]")
            self.letters: tuple[tuple[str, str], ...] = tuple((p[0], p[1]) for p in letters)
            self._encode_rules = self._rules(data.get("encode", []), "encode")
            self._decode_rules = self._rules(data.get("decode", []), "decode")
            dopts = data.get("decode_options", {})
            self._case_insensitive = bool(dopts.get("case_insensitive", False))
            self._glides = {k: (v[0], v[1]) for k, v in dopts.get("glides", {}).items()}
            self._vowels = str(dopts.get("vowels", ""))
            self._glide_cons_before = str(dopts.get("glide_consonant_before", ""))
            self._gemination = dopts.get("gemination_mark")
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"transliteration scheme file {origin} is malformed: {exc}") from exc
        self._encoder: Table | None = None
        self._decoder: Table | None = None

    def _rules(self, raw: Iterable[Mapping[str, Any]], what: str) -> list[Rule]:
        out = []
        for item in raw:
            ctx = {k: self._resolve_class(item[k], what) for k in _CONTEXT_KEYS if k in item}
            out.append(Rule(item["from"], item["to"], **ctx))
        return out

    def _resolve_class(self, spec: str, what: str) -> str:
        if not spec.startswith("@"):
            return spec
        name = spec[1:]
        if name == "letters":
            if what == "encode":  # the Tifinagh letters of the table
                return "".join(t for t, _ in self.letters)
            return "\x00letters"  # resolved once all decode keys are known
        if name not in self._classes:
            raise ValueError(f"unknown class {spec!r} (classes: {', '.join(sorted(self._classes)) or 'none'})")
        return self._classes[name]

    @property
    def info(self) -> SchemeInfo:
        return SchemeInfo(self.name, self.script, self.description, self.reference, self.readable, self.writable)

    @property
    def encoder(self) -> Table:
        """Tifinagh -> this scheme."""
        if not self.writable:
            raise SchemeDirectionError(
                f"scheme {self.name!r} is input-only: it can be read but not written; "
                f"write {self.script} with one of: {', '.join(_writable(self.script)) or 'none'}"
            )
        if self._encoder is None:
            rules = list(self._encode_rules) + [Rule(t, s) for t, s in self.letters]
            self._encoder = compile_table(rules)
        return self._encoder

    @property
    def decoder(self) -> Table:
        """This scheme -> Tifinagh."""
        if not self.readable:
            raise SchemeDirectionError(f"scheme {self.name!r} is output-only")
        if self._decoder is None:
            rules = list(self._decode_rules)
            # glide letters are read by context, never by the plain letter table
            seen = {r.source for r in rules if not r.has_context} | set(self._glides)
            for t, s in self.letters:
                if s not in seen:  # the first spelling listed for a key wins
                    rules.append(Rule(s, t))
                    seen.add(s)
            keys = "".join(r.source for r in rules) + "".join(self._glides)
            if self._case_insensitive:
                keys += keys.upper() + keys.lower()
            letters = "".join(sorted({c for c in keys if c.isalpha() or unicodedata.category(c)[0] == "M"}))
            rules = [_fill_letters(r, letters) for r in rules]
            self._decoder = compile_table(
                rules,
                case_insensitive=self._case_insensitive,
                glides=self._glides,
                vowels=self._vowels,
                glide_consonant_before=self._glide_cons_before,
                gemination_mark=self._gemination,
            )
        return self._decoder


def _fill_letters(r: Rule, letters: str) -> Rule:
    vals = {k: getattr(r, k) for k in _CONTEXT_KEYS}
    if not any(v == "\x00letters" for v in vals.values()):
        return r
    vals = {k: (letters if v == "\x00letters" else v) for k, v in vals.items()}
    return Rule(r.source, r.target, **vals)


_SCHEME_DIR = "schemes"


@lru_cache(maxsize=1)
def scheme_names() -> tuple[str, ...]:
    """Names of the shipped scheme files, sorted."""
    root = resources.files("awal.translit").joinpath(_SCHEME_DIR)
    return tuple(sorted(p.name[: -len(".json")] for p in root.iterdir() if p.name.endswith(".json")))


@cache
def load_scheme(name: str) -> Scheme:
    """The scheme called ``name`` (loaded once per process).

    Raises :class:`~awal.errors.UnknownNameError` listing the shipped schemes.
    """
    if name not in scheme_names():
        raise UnknownNameError("scheme", name, scheme_names())
    path = resources.files("awal.translit").joinpath(_SCHEME_DIR, f"{name}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read transliteration scheme {name!r} ({path}): {exc}") from exc
    scheme = Scheme(data, str(path))
    if scheme.name != name:
        raise ModelError(f"scheme file {path} declares name {scheme.name!r}, expected {name!r}")
    return scheme


def _writable(script: str) -> list[str]:
    return [n for n in scheme_names() if (s := load_scheme(n)).script == script and s.writable]


#: what a script name means as ``source`` (reader) and as ``target`` (writer)
DEFAULT_READERS: dict[str, str] = {"Tfng": "tfng", "Latn": "popular-latin", "Arab": "amazigh-arabic"}
DEFAULT_WRITERS: dict[str, str] = {"Tfng": "tfng", "Latn": "ircam-latin", "Arab": "amazigh-arabic"}
_SCRIPT_ALIASES = {
    "tfng": "Tfng",
    "tifinagh": "Tfng",
    "latn": "Latn",
    "latin": "Latn",
    "arab": "Arab",
    "arabic": "Arab",
}


def script_alias(name: str) -> str | None:
    """``"Tfng"``, ``"Latn"`` or ``"Arab"`` if ``name`` is a script name (any case), else ``None``.

    ``"tfng"`` is both the Tifinagh scheme and the script; both mean the same thing.
    """
    return _SCRIPT_ALIASES.get(name.strip().lower()) if isinstance(name, str) else None


def resolve(source: str, target: str) -> tuple[str, str]:
    """Turn scheme or script names into two scheme names.

    A script name means the default reader (as ``source``) or writer (as ``target``) of
    that script: Latn reads as ``popular-latin`` and writes as ``ircam-latin``; Tfng is
    ``tfng``; Arab is ``amazigh-arabic``. Latn <-> Arab with *no* Amazigh scheme named is
    Darija, not Amazigh: :class:`AmbiguousSchemeError` points to :mod:`awal.translit.darija`.
    """
    names = []
    for role, name in (("source", source), ("target", target)):
        if not isinstance(name, str):
            raise UnknownNameError("scheme", name, _valid_names())
        names.append((role, name, script_alias(name)))
    (_, src, src_script), (_, tgt, tgt_script) = names
    if {src_script, tgt_script} == {"Latn", "Arab"}:
        raise AmbiguousSchemeError(
            f"{src} -> {tgt} names two scripts but no Amazigh scheme: Latin <-> Arabic script is "
            "Darija transliteration (awal.translit.darija.to_arabic / to_latin); for Amazigh name "
            "the schemes, e.g. 'ircam-latin' -> 'amazigh-arabic'"
        )
    src_name = DEFAULT_READERS[src_script] if src_script else src.strip().lower()
    tgt_name = DEFAULT_WRITERS[tgt_script] if tgt_script else tgt.strip().lower()
    if not load_scheme_or_alias(src_name).readable:
        raise SchemeDirectionError(f"scheme {src_name!r} is output-only: it cannot be read")
    tgt_scheme = load_scheme_or_alias(tgt_name)
    if not tgt_scheme.writable:
        raise SchemeDirectionError(
            f"scheme {tgt_name!r} is input-only: it can be read but not written; "
            f"write {tgt_scheme.script} with one of: {', '.join(_writable(tgt_scheme.script))}"
        )
    return src_name, tgt_name


def _valid_names() -> list[str]:
    return [*scheme_names(), "Tfng", "Latn", "Arab"]


def load_scheme_or_alias(name: str) -> Scheme:
    """Like :func:`load_scheme`, but the error also lists the script aliases."""
    if name not in scheme_names():
        raise UnknownNameError("scheme", name, _valid_names())
    return load_scheme(name)


class Converter:
    """Decode with one scheme, encode with another; Tifinagh in between."""

    def __init__(self, source: str, target: str) -> None:
        self.source = source
        self.target = target
        steps: list[Table] = []
        if source != PIVOT:
            steps.append(load_scheme(source).decoder)
        if target != PIVOT:
            steps.append(load_scheme(target).encoder)
        self._steps = tuple(steps)

    def __call__(self, text: str) -> str:
        for step in self._steps:
            text = step.apply(text)
        return text


@lru_cache(maxsize=64)
def converter(source: str, target: str) -> Converter:
    """The compiled ``source -> target`` conversion for two *resolved* scheme names (cached)."""
    return Converter(source, target)
