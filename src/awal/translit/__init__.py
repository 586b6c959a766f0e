"""Transliteration between the scripts Moroccan languages are written in.

Amazigh (this module): IRCAM Tifinagh <-> Latin <-> Arabic script, driven by scheme
tables shipped as data (``awal/translit/schemes/*.json``) and one small longest-match
engine (:mod:`awal.translit.engine`). Darija Arabizi <-> Arabic script lives in
:mod:`awal.translit.darija`.

>>> tifinagh_to_latin("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ")
'azul fllak'
>>> latin_to_tifinagh("azul fellak")
'ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ'
>>> transliterate("ⵜⴰⵎⴰⵣⵉⵖⵜ", "Tfng", "Arab")
'تامازيغت'

Text the source scheme does not cover (digits, punctuation, emoji, other scripts) is
copied unchanged. Tifinagh -> ``ircam-latin`` -> Tifinagh is lossless; see
``docs/translit-amazigh.md`` for each scheme, its sources and what is lossy.
"""

from __future__ import annotations

from awal.errors import ensure_text
from awal.translit.engine import (
    AmbiguousSchemeError,
    SchemeDirectionError,
    SchemeInfo,
    converter,
    load_scheme,
    resolve,
    scheme_names,
)

__all__ = [
    "AmbiguousSchemeError",
    "SchemeDirectionError",
    "SchemeInfo",
    "arabic_to_tifinagh",
    "latin_to_tifinagh",
    "schemes",
    "tifinagh_to_arabic",
    "tifinagh_to_latin",
    "transliterate",
]


def schemes() -> list[SchemeInfo]:
    """Every Amazigh scheme with its script, description, source and direction.

    Script names ``Tfng``, ``Latn`` and ``Arab`` are accepted wherever a scheme name is:
    as a source they mean ``tfng``, ``popular-latin``, ``amazigh-arabic``; as a target
    ``tfng``, ``ircam-latin``, ``amazigh-arabic``.
    """
    return [load_scheme(n).info for n in scheme_names()]


def transliterate(text: str, source: str, target: str) -> str:
    """Rewrite ``text`` from the ``source`` scheme (or script) into ``target``.

    Raises :class:`~awal.errors.UnknownNameError` (listing the valid names) for an
    unknown scheme, :class:`SchemeDirectionError` when writing an input-only scheme, and
    :class:`AmbiguousSchemeError` for ``Latn`` <-> ``Arab``, which is Darija (see
    :mod:`awal.translit.darija`) unless an Amazigh scheme is named.
    """
    text = ensure_text(text)
    src, tgt = resolve(source, target)
    return converter(src, tgt)(text)


def tifinagh_to_latin(text: str) -> str:
    """IRCAM Tifinagh -> IRCAM Latin transcription (lossless: see :func:`latin_to_tifinagh`)."""
    return transliterate(text, "tfng", "ircam-latin")


def latin_to_tifinagh(text: str, scheme: str = "popular-latin") -> str:
    """Amazigh Latin -> IRCAM Tifinagh.

    The default ``popular-latin`` reads everyday spellings (``ch``, ``gh``, ``kh``,
    ``ou``, schwa ``e`` left unwritten as in IRCAM orthography); use
    ``scheme="ircam-latin"`` for the exact inverse of :func:`tifinagh_to_latin`.
    """
    return transliterate(text, scheme, "tfng")


def tifinagh_to_arabic(text: str) -> str:
    """IRCAM Tifinagh -> Amazigh in Arabic script (``amazigh-arabic``)."""
    return transliterate(text, "tfng", "amazigh-arabic")


def arabic_to_tifinagh(text: str) -> str:
    """Amazigh in Arabic script -> IRCAM Tifinagh (ي/و read as vowel or glide by context)."""
    return transliterate(text, "amazigh-arabic", "tfng")
