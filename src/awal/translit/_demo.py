"""Transliteration fields for ``awal demo``.

Tifinagh lines are shown in IRCAM Latin and in Arabic script; Amazigh lines in Latin
letters in Tifinagh; Darija lines in the other script when :mod:`awal.translit.darija`
is installed. Which language a Latin or Arabic line is in comes from :mod:`awal.lid`
when it is available (else only lines with IRCAM-only letters count as Amazigh). The
demo must never fail because of one provider, so every optional step is guarded.
"""

from __future__ import annotations

from awal.cliutil import optional_module
from awal.languages import Group, Script
from awal.scripts import analyze
from awal.translit import latin_to_tifinagh, tifinagh_to_arabic, tifinagh_to_latin

__all__ = ["demo_fields"]

#: letters only the Amazigh Latin transcription uses (not French, not Arabizi)
_AMAZIGH_LATIN_LETTERS = frozenset("ɣɛḍṭṣẓṛḥʷƔƐḌṬṢẒṚḤ")


def _group(text: str) -> Group | None:
    """The language group awal.lid finds for ``text``, or ``None`` (not installed, unsure)."""
    lid = optional_module("awal.lid")
    if lid is None:
        return None
    try:
        pred = lid.detect(text)
    except Exception:  # an unfinished or missing model must not break the demo
        return None
    return None if pred is None else pred.label.group


def _darija(text: str, script: Script) -> list[tuple[str, str]]:
    module = optional_module("awal.translit.darija")
    if module is None:
        return []
    try:
        if script is Script.Latn and hasattr(module, "to_arabic"):
            fields = [("translit Arab", str(module.to_arabic(text)))]
            if "standard" in getattr(module, "SPELLINGS", ()):
                standard = str(module.to_arabic(text, spelling="standard"))
                fields += [("  standard", standard), ("  and back", str(module.to_latin(standard)))]
            return fields
        if script is Script.Arab and hasattr(module, "to_latin"):
            fields = [("translit Latn", str(module.to_latin(text)))]
            if "scholarly" in getattr(module, "SCHEMES", ()):
                fields.append(("  scholarly", str(module.to_latin(text, scheme="scholarly"))))
            return fields
    except Exception:  # the Darija model may be absent from this installation
        return []
    return []


def demo_fields(text: str) -> list[tuple[str, str]]:
    """``[(field name, value)]`` for one demo sentence; empty when nothing applies."""
    profile = analyze(text)
    if Script.Tfng in profile.counts:
        return [("translit Latn", tifinagh_to_latin(text)), ("translit Arab", tifinagh_to_arabic(text))]
    dominant = profile.dominant
    if dominant not in (Script.Latn, Script.Arab):
        return []
    group = _group(text)
    if dominant is Script.Latn and (
        group is Group.AMAZIGH or (group is None and any(c in _AMAZIGH_LATIN_LETTERS for c in text))
    ):
        return [("translit Tfng", latin_to_tifinagh(text))]
    if group is Group.DARIJA:
        return _darija(text, dominant)
    return []
