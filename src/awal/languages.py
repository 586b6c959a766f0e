"""The label vocabulary: ISO 639-3 language x ISO 15924 script, as values.

A label such as ``ary_Latn`` says *what language* (Moroccan Arabic) and *how it is
written* (Latin letters, i.e. Arabizi), the way GlotLID and FLORES write them. Labels
are :class:`Label` enum members (which are also ``str``, so they serialise as
themselves); :meth:`Label.from_str` is the one way in from untrusted strings and lists
the valid labels when it fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from awal.errors import UnknownLabelError

__all__ = ["Group", "Label", "Language", "LanguageInfo", "Script", "labels_in_group"]


class Script(str, Enum):
    """ISO 15924 writing systems awal distinguishes."""

    Arab = "Arab"
    Latn = "Latn"
    Tfng = "Tfng"
    #: digits, punctuation, spaces, symbols, emoji: belong to no script
    Zyyy = "Zyyy"
    #: any other script (Cyrillic, Han, ...): awal reads it but models do not cover it
    Zzzz = "Zzzz"

    def __str__(self) -> str:
        return self.value


class Group(str, Enum):
    """Coarse families used for reporting and for group-level answers."""

    DARIJA = "Darija"
    ARABIC = "Arabic"  # other Arabic varieties, MSA included
    AMAZIGH = "Amazigh"
    EUROPEAN = "European"
    UNDETERMINED = "Undetermined"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class LanguageInfo:
    """Names and family of an ISO 639-3 language."""

    code: str
    english: str
    french: str
    native: str
    group: Group


class Language(Enum):
    """ISO 639-3 languages in awal's vocabulary; each member carries its names and group."""

    ary = LanguageInfo("ary", "Moroccan Arabic (Darija)", "arabe marocain (darija)", "الدارجة", Group.DARIJA)
    arb = LanguageInfo("arb", "Modern Standard Arabic", "arabe standard moderne", "العربية الفصحى", Group.ARABIC)
    arz = LanguageInfo("arz", "Egyptian Arabic", "arabe égyptien", "مصري", Group.ARABIC)
    aeb = LanguageInfo("aeb", "Tunisian Arabic", "arabe tunisien", "تونسي", Group.ARABIC)
    arq = LanguageInfo("arq", "Algerian Arabic", "arabe algérien", "دزيري", Group.ARABIC)
    apc = LanguageInfo("apc", "North Levantine Arabic", "arabe levantin du Nord", "شامي", Group.ARABIC)
    ajp = LanguageInfo("ajp", "South Levantine Arabic", "arabe levantin du Sud", "شامي جنوبي", Group.ARABIC)
    mey = LanguageInfo("mey", "Hassaniya Arabic", "arabe hassaniya", "الحسانية", Group.ARABIC)
    zgh = LanguageInfo(
        "zgh", "Standard Moroccan Amazigh", "amazighe standard marocain", "ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵏⴰⵡⴰⵢⵜ", Group.AMAZIGH
    )
    shi = LanguageInfo("shi", "Tachelhit", "tachelhit", "ⵜⴰⵛⵍⵃⵉⵜ", Group.AMAZIGH)
    tzm = LanguageInfo("tzm", "Central Atlas Tamazight", "tamazight du Maroc central", "ⵜⴰⵎⴰⵣⵉⵖⵜ", Group.AMAZIGH)
    rif = LanguageInfo("rif", "Tarifit", "tarifit", "ⵜⴰⵔⵉⴼⵉⵜ", Group.AMAZIGH)
    kab = LanguageInfo("kab", "Kabyle", "kabyle", "Taqbaylit", Group.AMAZIGH)
    taq = LanguageInfo("taq", "Tamasheq", "tamasheq", "ⵜⴰⵎⴰⵌⴰⵆⵜ", Group.AMAZIGH)
    ber = LanguageInfo(
        "ber", "Amazigh (variety unspecified)", "amazighe (variété non précisée)", "ⵜⴰⵎⴰⵣⵉⵖⵜ", Group.AMAZIGH
    )
    fra = LanguageInfo("fra", "French", "français", "français", Group.EUROPEAN)
    spa = LanguageInfo("spa", "Spanish", "espagnol", "español", Group.EUROPEAN)
    eng = LanguageInfo("eng", "English", "anglais", "English", Group.EUROPEAN)
    und = LanguageInfo("und", "Undetermined", "indéterminé", "-", Group.UNDETERMINED)

    @property
    def code(self) -> str:
        return self.value.code

    @property
    def group(self) -> Group:
        return self.value.group


class Label(str, Enum):
    """A language written in a script, e.g. ``Label.ary_Latn`` (Darija in Arabizi).

    ``Label.und`` (undetermined) is the answer for text with no linguistic content.
    """

    # Darija
    ary_Arab = "ary_Arab"
    ary_Latn = "ary_Latn"
    # other Arabic varieties
    arb_Arab = "arb_Arab"
    arz_Arab = "arz_Arab"
    aeb_Arab = "aeb_Arab"
    aeb_Latn = "aeb_Latn"
    arq_Arab = "arq_Arab"
    arq_Latn = "arq_Latn"
    apc_Arab = "apc_Arab"
    ajp_Arab = "ajp_Arab"
    mey_Arab = "mey_Arab"
    mey_Latn = "mey_Latn"
    # Amazigh
    zgh_Tfng = "zgh_Tfng"
    zgh_Latn = "zgh_Latn"
    zgh_Arab = "zgh_Arab"
    shi_Tfng = "shi_Tfng"
    shi_Latn = "shi_Latn"
    shi_Arab = "shi_Arab"
    tzm_Tfng = "tzm_Tfng"
    tzm_Latn = "tzm_Latn"
    tzm_Arab = "tzm_Arab"
    rif_Tfng = "rif_Tfng"
    rif_Latn = "rif_Latn"
    rif_Arab = "rif_Arab"
    ber_Tfng = "ber_Tfng"
    ber_Latn = "ber_Latn"
    ber_Arab = "ber_Arab"
    kab_Latn = "kab_Latn"
    taq_Tfng = "taq_Tfng"
    taq_Latn = "taq_Latn"
    # European
    fra_Latn = "fra_Latn"
    spa_Latn = "spa_Latn"
    eng_Latn = "eng_Latn"
    # no linguistic content
    und = "und"

    def __str__(self) -> str:
        return self.value

    @property
    def language(self) -> Language:
        """The ISO 639-3 language part."""
        return Language[self.value.split("_", 1)[0]]

    @property
    def script(self) -> Script | None:
        """The ISO 15924 script part (``None`` for ``und``)."""
        parts = self.value.split("_", 1)
        return Script(parts[1]) if len(parts) == 2 else None

    @property
    def group(self) -> Group:
        return self.language.group

    @property
    def english_name(self) -> str:
        return _display(self, self.language.value.english)

    @property
    def french_name(self) -> str:
        return _display(self, self.language.value.french, french=True)

    @property
    def native_name(self) -> str:
        return self.language.value.native

    @classmethod
    def from_str(cls, value: str | Label) -> Label:
        """Parse ``"ary_Latn"`` (case-insensitive, ``-`` accepted for ``_``) into a label.

        Raises :class:`~awal.errors.UnknownLabelError` listing the valid labels.
        """
        if isinstance(value, Label):
            return value
        if not isinstance(value, str):
            raise UnknownLabelError(value, _BY_KEY.values())
        found = _BY_KEY.get(value.strip().replace("-", "_").lower())
        if found is None:
            raise UnknownLabelError(value, (label.value for label in cls))
        return found


_SCRIPT_NAMES = {
    "Arab": ("Arabic script", "écriture arabe"),
    "Latn": ("Latin script", "écriture latine"),
    "Tfng": ("Tifinagh", "tifinagh"),
}


def _display(label: Label, name: str, french: bool = False) -> str:
    script = label.script
    if script is None:
        return name
    en, fr = _SCRIPT_NAMES[script.value]
    return f"{name}, {fr if french else en}"


_BY_KEY: dict[str, Label] = {label.value.lower(): label for label in Label}


def labels_in_group(group: Group) -> tuple[Label, ...]:
    """All labels whose language belongs to ``group``, in declaration order."""
    return tuple(label for label in Label if label.group is group)
