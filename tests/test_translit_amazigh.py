"""Amazigh transliteration: scheme tables, the engine, the library API."""

from __future__ import annotations

import doctest
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import awal.translit as tl
from awal.errors import AwalError, InputTypeError, UnknownNameError, ensure_text
from awal.languages import Script
from awal.scripts import char_script
from awal.translit.engine import Rule, compile_table, load_scheme, resolve

# The IRCAM alphabet and its Latin transcription, written out here independently of
# the shipped tables so that a wrong table entry fails this test.
IRCAM = [
    ("ⴰ", "a"), ("ⴱ", "b"), ("ⴳ", "g"), ("ⴳⵯ", "gʷ"), ("ⴷ", "d"), ("ⴹ", "ḍ"), ("ⴻ", "e"),
    ("ⴼ", "f"), ("ⴽ", "k"), ("ⴽⵯ", "kʷ"), ("ⵀ", "h"), ("ⵃ", "ḥ"), ("ⵄ", "ɛ"), ("ⵅ", "x"),
    ("ⵇ", "q"), ("ⵉ", "i"), ("ⵊ", "j"), ("ⵍ", "l"), ("ⵎ", "m"), ("ⵏ", "n"), ("ⵓ", "u"),
    ("ⵔ", "r"), ("ⵕ", "ṛ"), ("ⵖ", "ɣ"), ("ⵙ", "s"), ("ⵚ", "ṣ"), ("ⵛ", "c"), ("ⵜ", "t"),
    ("ⵟ", "ṭ"), ("ⵡ", "w"), ("ⵢ", "y"), ("ⵣ", "z"), ("ⵥ", "ẓ"),
]  # fmt: skip
ARABIC = {
    "ⴱ": "ب", "ⴳ": "ڭ", "ⴷ": "د", "ⴹ": "ض", "ⴼ": "ف", "ⴽ": "ك", "ⵀ": "ه", "ⵃ": "ح", "ⵄ": "ع",
    "ⵅ": "خ", "ⵇ": "ق", "ⵊ": "ج", "ⵍ": "ل", "ⵎ": "م", "ⵏ": "ن", "ⵔ": "ر", "ⵕ": "ڕ", "ⵖ": "غ",
    "ⵙ": "س", "ⵚ": "ص", "ⵛ": "ش", "ⵜ": "ت", "ⵟ": "ط", "ⵣ": "ز", "ⵥ": "ژ",
}  # fmt: skip
IRCAM_LETTERS = sorted({c for t, _ in IRCAM for c in t})  # 33 letters + the labialisation mark


def test_the_33_ircam_letters():
    assert len(IRCAM) == 33
    assert "\u2d6f" in IRCAM_LETTERS and len(IRCAM_LETTERS) == 32  # ⴳⵯ ⴽⵯ share ⴳ ⴽ and add ⵯ
    for tfng, latin in IRCAM:
        assert tl.tifinagh_to_latin(tfng) == latin
        assert tl.latin_to_tifinagh(latin, "ircam-latin") == tfng
        assert tl.latin_to_tifinagh(latin) == (tfng if latin != "e" else "")  # popular: schwa unwritten
    shipped = json.loads(resources.files("awal.translit").joinpath("schemes", "tfng.json").read_text("utf-8"))
    assert [row[0] for row in shipped["letters"]] == [t for t, _ in IRCAM]


def test_arabic_letter_table():
    for tfng, arabic in ARABIC.items():
        # between vowels, so no word-initial or glide rule applies
        assert tl.tifinagh_to_arabic(f"ⴰ{tfng}ⴰ") == f"ا{arabic}ا"
        assert tl.arabic_to_tifinagh(f"ا{arabic}ا") == f"ⴰ{tfng}ⴰ"
    assert tl.tifinagh_to_arabic("ⴰⴳⵯⵏⵙ") == "اڭۥنس"  # labialisation: small waw
    assert tl.tifinagh_to_arabic("ⴼⴻⵍⵍⴰⴽ") == "فَللاك"  # schwa: fatha


@pytest.mark.parametrize(
    ("tfng", "arabic"),
    [
        ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "تامازيغت"),
        ("ⵉⵎⴰⵣⵉⵖⵏ", "إيمازيغن"),  # word-initial i on alef with hamza below
        ("ⵓⵍ", "أول"),  # word-initial u on alef with hamza above
        ("ⴰⵣⵓⵍ", "ازول"),
        ("ⵜⵉⵡⵉⵣⵉ", "تيويزي"),  # و between vowels is w; ي after a consonant is i
        ("ⵜⵡⴰⵍⴰ", "توالا"),  # glide before a: consonant
        ("ⴰⵢⵢⵓⵔ", "اييْور"),  # consonantal y after a consonant carries a sukun
    ],
)
def test_arabic_words_both_ways(tfng, arabic):
    assert tl.tifinagh_to_arabic(tfng) == arabic
    assert tl.arabic_to_tifinagh(arabic) == tfng


def test_arabic_input_variants():
    assert tl.arabic_to_tifinagh("ݣ گ ک ڨ") == "ⴳ ⴳ ⴽ ⴳ"
    assert tl.arabic_to_tifinagh("اڭُنس") == "ⴰⴳⵯⵏⵙ"  # damma accepted for labialisation
    assert tl.arabic_to_tifinagh("ازّول") == "ⴰⵣⵣⵓⵍ"  # shadda doubles
    assert tl.arabic_to_tifinagh("ئمازيغن") == "ⵉⵎⴰⵣⵉⵖⵏ"  # hamza seat for initial i
    assert tl.arabic_to_tifinagh("تـامـازيـغـت") == "ⵜⴰⵎⴰⵣⵉⵖⵜ"  # tatweel ignored


def test_done_when_examples_in_the_library():
    assert tl.tifinagh_to_latin("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ") == "azul fllak"
    assert tl.transliterate("azul fellak", "Latn", "Tfng") == "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ"
    assert tl.transliterate("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", "Tfng", "Latn") == "azul fllak"


@pytest.mark.parametrize(
    ("popular", "tfng"),
    [
        ("tamazight", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
        ("Tamazight", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
        ("AZUL", "ⴰⵣⵓⵍ"),
        ("chwiya", "ⵛⵡⵉⵢⴰ"),
        ("shwiya", "ⵛⵡⵉⵢⴰ"),
        ("akhatar", "ⴰⵅⴰⵜⴰⵔ"),
        ("tanemmirt", "ⵜⴰⵏⵎⵎⵉⵔⵜ"),  # doubled letters kept, schwa dropped
        ("agourram", "ⴰⴳⵓⵔⵔⴰⵎ"),  # ou -> u
        ("thamazighth", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),  # Rif/Kabyle spirant spelling
        ("3afak", "ⵄⴰⴼⴰⴽ"),  # Arabizi digit inside a word
        ("ḍar", "ⴹⴰⵔ"),  # emphatic only with the dot below
        ("dar", "ⴷⴰⵔ"),  # plain d stays plain
        ("d\u0323ar", "ⴹⴰⵔ"),  # decomposed dot below
        ("ţaş", "ⵟⴰⵚ"),  # cedilla spellings of emphatics
        ("ařyaz", "ⴰⵔⵢⴰⵣ"),  # Tarifit ř
        ("fəllak", "ⴼⵍⵍⴰⴽ"),  # ə is schwa too
    ],
)
def test_popular_latin_spellings(popular, tfng):
    assert tl.latin_to_tifinagh(popular) == tfng


def test_popular_digits_outside_words_are_numbers():
    assert tl.latin_to_tifinagh("3 9 7 2025") == "3 9 7 2025"
    assert tl.latin_to_tifinagh("a3 3a") == "ⴰⵄ ⵄⴰ"


def test_ircam_latin_accepts_upper_case_and_decomposed_letters():
    assert tl.latin_to_tifinagh("AẒṚU ƔƐḤ GʷKʷ", "ircam-latin") == "ⴰⵥⵕⵓ ⵖⵄⵃ ⴳⵯⴽⵯ"
    nfd = unicodedata.normalize("NFD", "ḍṭṣẓṛḥ")
    assert tl.latin_to_tifinagh(nfd, "ircam-latin") == "ⴹⵟⵚⵥⵕⵃ"


def test_other_scripts_pass_through():
    mixed = "ⴰⵣⵓⵍ 123, مرحبا! 😀 Привет 3afak ⵗⴾ"  # ⵗ ⴾ: Tuareg letters outside IRCAM
    out = tl.tifinagh_to_latin(mixed)
    assert out == "azul 123, مرحبا! 😀 Привет 3afak ⵗⴾ"
    assert tl.tifinagh_to_arabic("ⴰⵣⵓⵍ 123 salam 😀") == "ازول 123 salam 😀"
    assert tl.latin_to_tifinagh("azul 123, مرحبا! 😀 ⴰ") == "ⴰⵣⵓⵍ 123, مرحبا! 😀 ⴰ"
    assert tl.arabic_to_tifinagh("ازول 2025 hello") == "ⴰⵣⵓⵍ 2025 hello"
    for fn in (tl.tifinagh_to_latin, tl.tifinagh_to_arabic, tl.arabic_to_tifinagh, tl.latin_to_tifinagh):
        assert fn("") == ""
        assert fn("!? 2025 \t 😀") == "!? 2025 \t 😀"


def test_unknown_scheme_lists_the_valid_ones():
    with pytest.raises(UnknownNameError) as info:
        tl.transliterate("ⴰ", "tfng", "klingon")
    msg = str(info.value)
    for name in ("tfng", "ircam-latin", "popular-latin", "amazigh-arabic", "Latn"):
        assert name in msg
    assert isinstance(info.value, ValueError) and isinstance(info.value, AwalError)
    with pytest.raises(UnknownNameError):
        tl.latin_to_tifinagh("a", scheme="nope")
    with pytest.raises(UnknownNameError):
        tl.transliterate("a", None, "tfng")  # type: ignore[arg-type]


def test_direction_and_ambiguity_errors():
    with pytest.raises(tl.SchemeDirectionError, match="input-only"):
        tl.transliterate("ⴰ", "tfng", "popular-latin")
    with pytest.raises(tl.AmbiguousSchemeError, match="Darija"):
        tl.transliterate("salam", "Latn", "Arab")
    # naming an Amazigh scheme makes Latin <-> Arabic Amazigh
    assert tl.transliterate("azul", "ircam-latin", "Arab") == "ازول"
    assert tl.transliterate("ازول", "Arab", "ircam-latin") == "azul"


def test_script_aliases():
    assert resolve("Tfng", "Latn") == ("tfng", "ircam-latin")
    assert resolve("latin", "TIFINAGH") == ("popular-latin", "tfng")
    assert resolve("Arab", "Tfng") == ("amazigh-arabic", "tfng")
    assert resolve("Latn", "Latn") == ("popular-latin", "ircam-latin")  # spelling normalisation
    assert tl.transliterate("Azul fellak, gher", "Latn", "Latn") == "azul fllak, ɣr"


def test_input_validation():
    with pytest.raises(InputTypeError, match="decode"):
        tl.tifinagh_to_latin(b"\xe2\xb4\xb0")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        tl.transliterate(None, "tfng", "Latn")  # type: ignore[arg-type]
    assert tl.tifinagh_to_latin("ⴰ\ud800ⴱ") == "a\ufffdb"  # lone surrogate replaced one for one


def test_schemes_listing():
    infos = {s.name: s for s in tl.schemes()}
    assert set(infos) == {"tfng", "ircam-latin", "popular-latin", "amazigh-arabic"}
    assert infos["popular-latin"].direction == "input"
    assert infos["ircam-latin"].direction == "both"
    assert all(s.description and s.reference for s in infos.values())
    assert {s.script for s in infos.values()} == {"Tfng", "Latn", "Arab"}


def test_large_input_is_linear():
    text = "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ, ⵜⴰⵏⵎⵎⵉⵔⵜ! " * 20_000  # 440 kB, one line
    latin = tl.tifinagh_to_latin(text)
    assert tl.latin_to_tifinagh(latin, "ircam-latin") == text
    assert tl.arabic_to_tifinagh(tl.tifinagh_to_arabic(text)) == text


# --- the engine ------------------------------------------------------------------------


def test_engine_longest_match_and_contexts():
    rules = [
        Rule("a", "1"),
        Rule("ab", "2"),
        Rule("abc", "3"),
        Rule("x", "W", not_after="abcx"),  # word-initial x
        Rule("x", "X"),
    ]
    table = compile_table(rules)
    assert table.apply("abcab a xax zx") == "32 1 W1X zW"


def test_engine_glides():
    table = compile_table(
        [Rule("a", "A"), Rule("t", "T")],
        glides={"y": ("Y", "I")},
        vowels="AI",
        glide_consonant_before="a",
    )
    # y: consonant at a word start, after a vowel or before 'a'; vowel after a consonant
    assert table.apply("yat tyt tya ay") == "YAT TIT TYA AY"


# --- round trips (hypothesis) -----------------------------------------------------------

_LATIN_KEYS = load_scheme("ircam-latin").decoder.alphabet
_ARABIC_KEYS = load_scheme("amazigh-arabic").decoder.alphabet


def _other_for_latin(c: str) -> bool:
    # the round trip is promised for Tifinagh plus text the Latin reader does not read back:
    # no Latin letters (and no character of the IRCAM Latin table, e.g. ʷ or the combining
    # dot below U+0323, which would join the Latin letter before it)
    return char_script(c) is not Script.Latn and c not in _LATIN_KEYS


def _other_for_arabic(c: str) -> bool:
    return char_script(c) is not Script.Arab and c not in _ARABIC_KEYS


_tfng = st.sampled_from(IRCAM_LETTERS)
_unicode = st.characters(blacklist_categories=("Cs",))


@given(st.lists(st.one_of(_tfng, _tfng, _unicode.filter(_other_for_latin)), max_size=60).map("".join))
def test_tifinagh_latin_round_trip_is_lossless(text):
    latin = tl.tifinagh_to_latin(text)
    assert tl.latin_to_tifinagh(latin, "ircam-latin") == text
    assert not any(0x2D30 <= ord(c) <= 0x2D7F and c in IRCAM_LETTERS for c in latin)


@given(st.lists(st.one_of(_tfng, _tfng, _unicode.filter(_other_for_arabic)), max_size=60).map("".join))
def test_tifinagh_arabic_round_trip_is_lossless(text):
    assert tl.arabic_to_tifinagh(tl.tifinagh_to_arabic(text)) == text


_ircam_latin = st.sampled_from([lat for _, lat in IRCAM] + ["ʷ"])


def _other_for_tifinagh(c: str) -> bool:
    # no Tifinagh, no character the Latin reader maps, no combining mark (it could compose
    # with the Latin letter before it, e.g. d + U+0323 = ḍ)
    return not 0x2D30 <= ord(c) <= 0x2D7F and c not in _LATIN_KEYS and not unicodedata.category(c).startswith("M")


@given(st.lists(st.one_of(_ircam_latin, _ircam_latin, _unicode.filter(_other_for_tifinagh)), max_size=60).map("".join))
def test_ircam_latin_tifinagh_round_trip_is_lossless(text):
    # the other direction: lower-case IRCAM Latin plus any text without Tifinagh
    assert tl.tifinagh_to_latin(tl.latin_to_tifinagh(text, "ircam-latin")) == text


@given(st.text(max_size=60))
def test_any_text_never_fails_and_foreign_text_is_unchanged(text):
    clean = ensure_text(text)
    for src, tgt in [("Tfng", "Latn"), ("Latn", "Tfng"), ("Arab", "Tfng"), ("Tfng", "Arab"), ("ircam-latin", "Tfng")]:
        out = tl.transliterate(text, src, tgt)
        src_name, tgt_name = resolve(src, tgt)
        reads = load_scheme(tgt_name).encoder if src_name == "tfng" else load_scheme(src_name).decoder
        if not set(clean) & reads.alphabet:
            assert out == clean


@given(st.text(alphabet=st.sampled_from("abcdefghijklmnoqrstuwxyzḍṭṣẓṛḥɣɛ ʷ"), max_size=40))
def test_latin_to_tifinagh_is_case_insensitive(text):
    assert tl.latin_to_tifinagh(text.upper()) == tl.latin_to_tifinagh(text)
    ircam = "".join(c for c in text if c != "o")  # 'o' is not an IRCAM letter: kept as typed
    assert tl.latin_to_tifinagh(ircam.upper(), "ircam-latin") == tl.latin_to_tifinagh(ircam, "ircam-latin")


# --- the documentation says what the code does -------------------------------------------

_DOC = Path(__file__).resolve().parents[1] / "docs" / "translit-amazigh.md"


def test_doc_examples_run():
    text = _DOC.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {"tl": tl}, str(_DOC), str(_DOC), 0)
    assert test.examples, "the doc should show examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def _table(section: str) -> str:
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_doc_letter_tables_match_the_schemes():
    text = _DOC.read_text(encoding="utf-8")
    latin = text[text.index("### IRCAM Tifinagh") : text.index("### Popular Latin")]
    arabic = text[text.index("### Tifinagh ↔ Arabic") : text.index("Where it comes from")]
    cells = re.compile(r"\*{0,2}([\u2d30-\u2d7f]+) ([^\s|*]+)\*{0,2}")
    latin_cells = [m.groups() for m in cells.finditer(_table(latin))]
    assert len(latin_cells) == 33
    for tfng, lat in latin_cells:
        assert tl.tifinagh_to_latin(tfng) == lat
    arabic_cells = [m.groups() for m in cells.finditer(_table(arabic))]
    assert len(arabic_cells) == 33
    for tfng, arab in arabic_cells:
        expected = arab.replace("◌", "")
        # vowels between consonants, consonants between vowels: no context rule applies
        t, a = ("ⵎ", "م") if tfng in "ⵉⵓⴻ" else ("ⴰ", "ا")
        assert tl.tifinagh_to_arabic(f"{t}{tfng}{t}") == f"{a}{expected}{a}", tfng


@pytest.mark.parametrize(
    "data",
    [
        {"format": 2, "name": "x", "script": "Latn", "description": "d"},
        {"format": 1, "script": "Latn", "description": "d"},
        {"format": 1, "name": "x", "script": "Latn", "description": "d", "letters": [["ⴰ"]]},
        {"format": 1, "name": "x", "script": "Latn", "description": "d", "decode": [{"from": "a"}]},
        {
            "format": 1,
            "name": "x",
            "script": "Latn",
            "description": "d",
            "encode": [{"from": "ⴰ", "to": "a", "after": "@nope"}],
        },
    ],
)
def test_malformed_scheme_file_is_a_model_error(data):
    from awal.errors import ModelError
    from awal.translit.engine import Scheme

    with pytest.raises(ModelError, match="malformed"):
        Scheme(data, "test.json")
