"""Map peer tools' answers onto awal labels (language x script), as data plus one small function.

Peers answer with ISO 639-1/639-3 codes (``ar``, ``fra``), BCP-47-ish tags (``bg-Latn``,
``xx-Tfng``) or their own words (the ``arabizi`` word tagger says ``arabizi``/``french``).
awal labels are language + script, so an answer becomes a label by its *language* and the
*script of the text* (the dominant script by letter count, from :func:`awal.scripts.analyze`),
unless the answer names a script itself.

Rules (the benchmark README repeats them):

* Generic Arabic (``ar``/``ara``) means Modern Standard Arabic: it is right for ``arb_Arab``
  and for nothing else. A Darija line needs a Darija answer (``ary``); a Tunisian line needs
  ``aeb``. ``ar`` on a Latin-script line maps to ``arb_Latn``, which is not a label: wrong.
* An answer that names only a script (CLD2's ``xx-Tfng`` = "some language in Tifinagh", the
  arabizi tagger's ``arabic`` = "a word in Arabic letters") is not a language answer: it is
  scored like an abstention.
* ``un``/``und``/``unknown`` and no answer are abstentions (counted wrong in accuracy,
  reported separately as the abstention rate).
* Any other language code (``ms``, ``ku``, ``ml``, ...) is a wrong answer ("foreign").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from awal.languages import Label, Script
from awal.scripts import analyze

__all__ = [
    "ABSTAIN_CODES",
    "CODE_TO_LANGUAGE",
    "SCRIPT_ONLY",
    "TOOL_CODES",
    "Mapped",
    "Status",
    "expressible_labels",
    "map_answer",
]

#: peer answers that mean "I don't know"
ABSTAIN_CODES = frozenset({"", "un", "und", "unknown", "zxx", "xxx", "zzb", "zze", "zzh", "zzp"})

#: ISO 639-1 / 639-2 / 639-3 codes that name a language awal has labels for -> awal's ISO 639-3
CODE_TO_LANGUAGE: dict[str, str] = {
    # Arabic: the macrolanguage code means Modern Standard Arabic (and nothing else)
    "ar": "arb",
    "ara": "arb",
    "arb": "arb",
    # Arabic varieties, by their own ISO 639-3 codes
    "ary": "ary",
    "arz": "arz",
    "aeb": "aeb",
    "arq": "arq",
    "apc": "apc",
    "ajp": "ajp",
    "mey": "mey",
    # Amazigh
    "zgh": "zgh",
    "shi": "shi",
    "tzm": "tzm",
    "rif": "rif",
    "kab": "kab",
    "taq": "taq",
    "ber": "ber",
    # European
    "fr": "fra",
    "fra": "fra",
    "fre": "fra",
    "es": "spa",
    "spa": "spa",
    "en": "eng",
    "eng": "eng",
}

#: per-tool vocabularies that are not ISO codes; a value of SCRIPT_ONLY/ABSTAIN says what the
#: word means instead of a language
SCRIPT_ONLY = "<script>"
ABSTAIN = "<none>"
TOOL_CODES: dict[str, dict[str, str]] = {
    # arabizi's dominant_script() (its Script enum): "arabizi" is Moroccan Arabizi by the
    # package's own definition (French-based Moroccan conventions); "arabic" is a script.
    "arabizi": {
        "arabizi": "ary-Latn",
        "french": "fra-Latn",
        "english": "eng-Latn",
        "arabic": SCRIPT_ONLY,
        "number": ABSTAIN,
        "punctuation": ABSTAIN,
        "unknown": ABSTAIN,
    },
}


class Status(str, Enum):
    """How a peer's answer was scored."""

    LABEL = "label"  # maps to an awal label (right or wrong)
    FOREIGN = "foreign"  # a language awal has no label for, or no such language+script label
    SCRIPT_ONLY = "script-only"  # names a script, no language: scored as an abstention
    ABSTAIN = "abstain"  # no answer

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Mapped:
    """One peer answer after mapping: ``label`` is set only when ``status`` is LABEL."""

    label: Label | None
    status: Status
    raw: str | None


def _split(code: str) -> tuple[str, str | None]:
    """``"bg-Latn"`` -> ``("bg", "Latn")``; ``"sr-ME"`` -> ``("sr", None)`` (a region, not a script)."""
    parts = code.replace("_", "-").split("-")
    lang = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    return lang, script


def _resolve(tool: str, code: str) -> tuple[str | None, str | None]:
    """(awal ISO 639-3 code or SCRIPT_ONLY/ABSTAIN marker or None for foreign, script named by the answer)."""
    own = TOOL_CODES.get(tool, {})
    lang, script = _split(code)
    if code.lower() in own or lang in own:
        lang, own_script = _split(own.get(code.lower(), own.get(lang, "")))
        if lang in (SCRIPT_ONLY, ABSTAIN):
            return lang, None
        return lang, own_script or script
    if lang in ABSTAIN_CODES:
        return ABSTAIN, None
    if lang == "xx":  # CLD2: "unknown language in script X"
        return SCRIPT_ONLY, script
    return CODE_TO_LANGUAGE.get(lang), script


def text_script(text: str) -> Script:
    """The script a label for ``text`` gets: the dominant script of its letters."""
    return analyze(text).dominant


def map_answer(tool: str, code: str | None, text: str, script: Script | None = None) -> Mapped:
    """Score one answer of ``tool`` for ``text``.

    ``script`` may be passed when the caller already knows ``text_script(text)`` (it is the
    same for every tool, so the benchmark computes it once per line).
    """
    if code is None:
        return Mapped(None, Status.ABSTAIN, None)
    raw = code.strip()
    language, named_script = _resolve(tool, raw)
    if language == ABSTAIN:
        return Mapped(None, Status.ABSTAIN, raw)
    if language == SCRIPT_ONLY:
        return Mapped(None, Status.SCRIPT_ONLY, raw)
    if language is None:
        return Mapped(None, Status.FOREIGN, raw)
    if named_script is None:
        named_script = (script or text_script(text)).value
    try:
        label = Label.from_str(f"{language}_{named_script}")
    except ValueError:  # e.g. arb_Latn, fra_Arab: no such label
        return Mapped(None, Status.FOREIGN, raw)
    return Mapped(label, Status.LABEL, raw)


def expressible_labels(tool: str, inventory: Iterable[str], labels: Iterable[Label]) -> set[Label]:
    """The ``labels`` that some answer in the tool's ``inventory`` can map to.

    A code without a script of its own can produce its language in any script the text is
    written in, so ``ar`` expresses ``arb_Arab`` and ``fr`` expresses ``fra_Latn``.
    """
    languages: dict[str, set[str] | None] = {}  # language -> scripts it is pinned to (None: any)
    for code in inventory:
        language, named = _resolve(tool, code)
        if language is None or language in (ABSTAIN, SCRIPT_ONLY):
            continue
        if named is None:
            languages[language] = None
        elif language not in languages or languages[language] is not None:
            pinned = languages.get(language) or set()
            pinned.add(named)
            languages[language] = pinned
    out: set[Label] = set()
    for label in labels:
        script = label.script
        if script is None or label.language.code not in languages:
            continue
        pinned = languages[label.language.code]
        if pinned is None or script.value in pinned:
            out.add(label)
    return out
