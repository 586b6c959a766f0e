"""``find``: run the finders, score, resolve overlaps, return typed entities."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from awal.errors import InputTypeError, UnknownNameError, ensure_text
from awal.pii._recognizers import Candidate, scan

__all__ = ["DEFAULT_MIN_SCORE", "ENTITY_TYPES", "Entity", "find", "resolve_types"]

#: every type awal.pii reports, in the order ties are broken (earlier wins)
ENTITY_TYPES: tuple[str, ...] = (
    "IBAN",
    "RIB",
    "CARD",
    "ICE",
    "PHONE",
    "EMAIL",
    "IP",
    "CNSS",
    "MASSAR",
    "PASSPORT",
    "CIN",
    "PLATE",
    "DOB",
    "PERSON",
)
_ORDER = {t: i for i, t in enumerate(ENTITY_TYPES)}
_ALL_TYPES = frozenset(ENTITY_TYPES)

#: default confidence threshold of :func:`find` and :func:`awal.pii.redact`
DEFAULT_MIN_SCORE = 0.5


@dataclass(frozen=True, slots=True)
class Entity:
    """One piece of personal data.

    ``start``/``end`` are character offsets into the string given to :func:`find`
    (``text == original[start:end]``). ``valid`` is False when the value has the shape of
    its type but fails the type's checksum (a RIB with a wrong key, a card failing Luhn,
    an impossible date): such values are still reported when the context names the
    type, because a mistyped bank account number is still personal data.
    """

    type: str
    start: int
    end: int
    text: str
    score: float
    valid: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (the JSON shape of the CLI)."""
        return asdict(self)


class _EntitySlots:
    """The slots of :class:`Entity`, without its frozen ``__setattr__`` (see :func:`_entity`)."""

    __slots__ = ("end", "score", "start", "text", "type", "valid")  # any order: CPython sorts slots


#: ``round(score, 3)`` per score already seen: scores are sums of a few constants, so
#: there are few of them, and a dict look-up is several times cheaper than ``round``
_ROUNDED: dict[float, float] = {}


def _entity(typ: str, start: int, end: int, text: str, score: float, valid: bool) -> Entity:
    """``Entity(typ, start, end, text, round(score, 3), valid)``, built about 4x faster.

    The frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
    here the fields are stored into an instance of :class:`_EntitySlots` (same slots,
    same layout) by plain slot stores, which then becomes an :class:`Entity` by
    ``__class__`` assignment (allowed between classes of identical layout; checked once
    at import, see ``_FAST_ENTITY``). The result is an ordinary :class:`Entity`.
    """
    rounded = _ROUNDED.get(score)
    if rounded is None:
        rounded = round(score, 3)
        if score and len(_ROUNDED) < 4096:  # 0.0 == -0.0 share a key: not cached
            _ROUNDED[score] = rounded
    if not _FAST_ENTITY:
        return Entity(typ, start, end, text, rounded, valid)
    e = _EntitySlots()
    e.type = typ
    e.start = start
    e.end = end
    e.text = text
    e.score = rounded
    e.valid = valid
    e.__class__ = Entity  # type: ignore[assignment]
    return e  # type: ignore[return-value]


def _fast_entity_works() -> bool:
    try:
        e = _EntitySlots()
        e.type, e.start, e.end, e.text, e.score, e.valid = "CIN", 0, 1, "x", 0.5, True
        e.__class__ = Entity  # type: ignore[assignment]
    except TypeError:
        return False
    return e == Entity("CIN", 0, 1, "x", 0.5, True)  # type: ignore[comparison-overlap]


_FAST_ENTITY = _fast_entity_works()


def resolve_types(types: str | Iterable[str] | None) -> frozenset[str]:
    """Normalise a ``types`` argument; unknown names raise :class:`UnknownNameError`."""
    if types is None:
        return frozenset(ENTITY_TYPES)
    if isinstance(types, str):
        names = [p for p in types.replace(" ", ",").split(",") if p]
    else:
        try:
            names = list(types)
        except TypeError:
            raise InputTypeError(
                f"types must be a string or an iterable of strings, not {type(types).__name__}"
            ) from None
    wanted = set()
    for name in names:
        if not isinstance(name, str):
            raise InputTypeError(f"entity type names must be str, not {type(name).__name__}")
        upper = name.strip().upper()
        if upper not in _ORDER:
            raise UnknownNameError("entity type", name, ENTITY_TYPES)
        wanted.add(upper)
    return frozenset(wanted)


def _resolve(cands: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping candidates: higher score, then longer, then type order."""
    if len(cands) < 2:
        return cands
    cands.sort(key=lambda c: (-c[3], -(c[2] - c[1]), _ORDER[c[0]], c[1]))
    if len(cands) > 64:
        # many candidates (a long text): inserting into sorted lists would be quadratic;
        # mark the characters taken instead (same answer: kept spans are disjoint and
        # non-empty, so a candidate overlaps one iff one of its characters is taken)
        taken = bytearray(max(c[2] for c in cands))
        free: list[Candidate] = []
        for c in cands:
            s, e = c[1], c[2]
            if taken.find(1, s, e) == -1:
                taken[s:e] = b"\x01" * (e - s)
                free.append(c)
        free.sort(key=lambda c: c[1])
        return free
    starts: list[int] = []
    kept: list[Candidate] = []
    for c in cands:
        s, e = c[1], c[2]
        i = bisect_right(starts, s)
        if i > 0 and kept[i - 1][2] > s:
            continue
        if i < len(kept) and kept[i][1] < e:
            continue
        starts.insert(i, s)
        kept.insert(i, c)
    return kept


def find(
    text: str,
    *,
    types: str | Iterable[str] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[Entity]:
    """Personal data in ``text``, in reading order, non-overlapping.

    ``types`` restricts the search (names from :data:`ENTITY_TYPES`, any case, or a
    comma-separated string); ``min_score`` drops candidates below that confidence.
    Offsets index ``text`` itself, whatever digits (ASCII, Arabic-Indic, Persian) it uses.

    >>> [(e.type, e.text, e.valid) for e in find("tel dyali 06 61 23 45 67")]
    [('PHONE', '06 61 23 45 67', True)]
    """
    text = ensure_text(text)
    if type(min_score) is not float and (isinstance(min_score, bool) or not isinstance(min_score, (int, float))):
        raise InputTypeError(f"min_score must be a number, not {type(min_score).__name__}")
    wanted = _ALL_TYPES if types is None else resolve_types(types)
    if not text:
        return []
    cands = scan(text, wanted)
    if not cands:
        return []
    if len(cands) == 1:  # the usual case: nothing to filter in a list or to resolve
        typ, s, e, score, valid = cands[0]
        if score >= min_score and e > s and (wanted is _ALL_TYPES or typ in wanted):
            return [_entity(typ, s, e, text[s:e], score, valid)]
        return []
    if wanted is _ALL_TYPES:
        cands = [c for c in cands if c[3] >= min_score and c[2] > c[1]]
    else:
        cands = [c for c in cands if c[0] in wanted and c[3] >= min_score and c[2] > c[1]]
    return [_entity(typ, s, e, text[s:e], score, valid) for typ, s, e, score, valid in _resolve(cands)]
