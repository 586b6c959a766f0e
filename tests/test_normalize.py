"""Unit tests of awal.normalize: every step on sentences written for these tests, the
profiles, the registry and its errors, offset maps, and long input."""

from __future__ import annotations

import time

import pytest

from awal.errors import AwalError, InputTypeError, UnknownNameError
from awal.normalize import (
    Normalized,
    Pipeline,
    Step,
    StepOptionError,
    get_step,
    list_profiles,
    list_steps,
    normalize,
    normalize_with_offsets,
    profile,
)


def run(spec: str, text: str) -> str:
    return get_step(spec)(text)


# -- unicode ------------------------------------------------------------------------------


def test_form_nfc_and_nfkc() -> None:
    decomposed = "pre\u0301fecture"
    assert run("unicode.form", decomposed) == "préfecture"
    assert run("unicode.form:form=NFKC", "ﻻ ﺃﻧﺎ ﬁn") == "لا أنا fin"
    assert run("unicode.form", "ﻻ") == "ﻻ"  # NFC keeps presentation forms
    # the Tifinagh labialisation mark survives NFKC (Unicode maps it to ⵡ)
    assert run("unicode.form:form=NFKC", "ⴰⴳⵯⵔⴰⵎ") == "ⴰⴳⵯⵔⴰⵎ"


def test_invisible_characters() -> None:
    assert run("unicode.invisible", "wa\u200bch\u00ad nta\u200f مز\u200cيان\ufeff") == "wach nta مزيان"
    assert run("unicode.invisible:bidi=false", "a\u200fb\u200b") == "a\u200fb"
    assert run("unicode.invisible", "a\x00b\x07c\td") == "abc\td"  # controls out, tab is whitespace
    family = "👨\u200d👩\u200d👧"
    assert run("unicode.invisible", f"salam {family} a\u200db") == f"salam {family} ab"
    assert run("unicode.invisible:emoji_zwj=false", family) == "👨👩👧"


def test_whitespace() -> None:
    assert run("unicode.whitespace", "  bghit \t\u00a0 nmchi\u2009\u3000daba \n") == "bghit nmchi daba"
    assert run("unicode.whitespace:strip=false", "  a  b ") == " a b "
    assert run("unicode.whitespace:keep_newlines=true", "a \n\n b  c") == "a\nb c"


# -- Arabic script ------------------------------------------------------------------------


def test_arabic_steps_one_by_one() -> None:
    assert run("arabic.tatweel", "مـــزيان بـزاف") == "مزيان بزاف"
    assert run("arabic.harakat", "كَتَبَ الوَلَدُ دَرْسَهُ") == "كتب الولد درسه"
    assert run("arabic.harakat:keep_shadda=true", "مُدَّة") == "مدّة"
    assert run("arabic.hamza", "أنا إلى آخر ٱلطريق") == "انا الى اخر الطريق"
    assert run("arabic.hamza", "مسؤول قائد") == "مسؤول قائد"
    assert run("arabic.hamza:seats=true", "مسؤول قائد") == "مسوول قايد"
    assert run("arabic.alef_maqsura", "مشى إلى") == "مشي إلي"
    assert run("arabic.ta_marbuta", "المدرسة مزيانة") == "المدرسه مزيانه"
    assert run("arabic.digits", "عندي ٢٥ درهم و۳ ريال") == "عندي 25 درهم و3 ريال"
    assert run("arabic.punctuation", "واش نتا مزيان؟ إيه، بخير؛ ١٠٪") == "واش نتا مزيان? إيه, بخير; ١٠%"


def test_arabic_lookalike_letters() -> None:
    assert run("arabic.letters", "کیفاش ی ە ڪ") == "كيفاش ي ه ك"
    assert run("arabic.letters", "ګال لي ݣاع ڨول گولي") == "ڭال لي ڭاع ڭول ڭولي"
    assert run("arabic.letters", "ڢاس ڧلب") == "فاس قلب"
    assert run("arabic.letters:gaf=false", "ګال") == "ګال"
    assert run("arabic.letters:persian=false", "کیف") == "کیف"


def test_arabic_elongation() -> None:
    assert run("arabic.elongation", "بزااااااف مزيااان") == "بزاف مزيان"
    assert run("arabic.elongation", "الله") == "الله"  # two identical letters are spelling
    assert run("arabic.elongation:collapse_to=2", "بزاااف") == "بزااف"


# -- Arabizi / Latin ----------------------------------------------------------------------


def test_arabizi_elongation_keeps_geminates_and_digits() -> None:
    step = get_step("arabizi.elongation")
    assert step("bzzzzaaaaf") == "bzaf"
    assert step("wa3eeeer bzaaaf") == "wa3er bzaf"
    assert step("mezzyan kaddab fellawn") == "mezzyan kaddab fellawn"
    assert step("3afak 777 ma3ndkch 2000") == "3afak 777 ma3ndkch 2000"
    assert step("ouiiiii c'est trooop bien") == "oui c'est trop bien"
    assert step("www.haaaa.ma bzzzaf") == "www.haaaa.ma bzaf"  # URLs are left alone
    assert get_step("arabizi.elongation:collapse_to=2")("bzzzzaaaaf") == "bzzaaf"


def test_case_and_accents() -> None:
    assert run("latin.case", "Salam 3AFAK Straße <URL>") == "salam 3afak strasse <URL>"
    assert run("latin.case:mode=lower", "Straße") == "straße"
    assert run("latin.accents", "Préfecture à côté, ḍḍu ṭṭaṣ ẓẓ ḥ") == "Prefecture a cote, ddu ttas zz h"
    assert run("latin.accents", "ɣ ɛ gʷ œ") == "ɣ ɛ gʷ œ"  # letters, not accents
    assert run("latin.accents", "e\u0301te\u0301") == "ete"  # decomposed input too


def test_laughter() -> None:
    step = get_step("social.laughter")
    assert step("hhhhhh wach hahahaha HiHiHi ahahah") == "haha wach haha haha haha"
    assert step("hh") == "haha"
    assert step("ha hah had aha bhal hadak") == "ha hah had aha bhal hadak"
    assert step("ههههههه واش هاهاها") == "هه واش هه"
    assert step("ها هو هه") == "ها هو هه"
    assert get_step("social.laughter:mode=placeholder")("hhhhh") == "<LAUGH>"
    assert get_step("social.laughter:mode=strip")("ok hhhhh") == "ok "
    assert step("https://hhhh.ma/hahaha") == "https://hhhh.ma/hahaha"


# -- Tifinagh -----------------------------------------------------------------------------


def test_tifinagh_ircam_letters() -> None:
    assert run("tifinagh.ircam", "ⴾ ⵂ ⵁ ⵆ ⵈ ⵋ ⵌ ⵗ ⵘ ⵤ") == "ⴽ ⵀ ⵀ ⵅ ⵇ ⵊ ⵊ ⵖ ⵖ ⵣ"
    assert run("tifinagh.ircam", "ⴸ ⵝ ⵒ") == "ⴸ ⵝ ⵒ"  # spirants and p kept by default
    assert run("tifinagh.ircam:spirants=true", "ⴲ ⴴ ⴸ ⴺ ⴿ ⵝ") == "ⴱ ⴳ ⴷ ⴹ ⴽ ⵜ"


def test_tifinagh_labialization() -> None:
    assert run("tifinagh.labialization", "ⴰⴳʷⵔⵓ ⴰⴽᵂⵙ") == "ⴰⴳⵯⵔⵓ ⴰⴽⵯⵙ"
    assert run("tifinagh.labialization", "agʷrru") == "agʷrru"  # IRCAM Latin keeps ʷ


def test_tifinagh_lookalikes_only_inside_tifinagh_words() -> None:
    step = get_step("tifinagh.lookalikes")
    assert step("ⴰⵣOⵍ ⴼⵍⵍⴰⵡⵏ") == "ⴰⵣⵔⵍ ⴼⵍⵍⴰⵡⵏ"
    assert step("ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ Ⲟ") == "ⵜⴰⵎⴰⵣⵉⵖⵜ ⵜⴰⵎⴰⵣⵉⵖⵜ Ⲟ"
    assert step("ⴰⵎⴰⵣΟⵖ ⵎⴰEⵍ ⵉⵙIⵎ") == "ⴰⵎⴰⵣⵔⵖ ⵎⴰⴹⵍ ⵉⵙⵏⵎ"  # Greek Ο, Latin E and I
    assert step("ⴰⵣⵓⵍ OK EXO") == "ⴰⵣⵓⵍ OK EXO"  # Latin words untouched
    assert step("ⴰⵣOⵍb") == "ⴰⵣOⵍb"  # a real Latin letter: not a Tifinagh word


# -- social tokens ------------------------------------------------------------------------

POST = "Chof had l video https://youtu.be/Xy_1 3and @Sara_99 #Maroc 😂😂 ktb li f contact@awal.ma"


def test_social_tokens_placeholder_keep_strip() -> None:
    assert (
        run("social.tokens:emoji=placeholder", POST)
        == "Chof had l video <URL> 3and <USER> #Maroc <EMOJI> ktb li f <EMAIL>"
    )
    assert run("social.tokens:url=keep:email=keep:mention=keep", POST) == POST
    assert (
        run("social.tokens:url=strip:email=strip:mention=strip:hashtag=strip:emoji=strip", POST)
        == "Chof had l video  3and    ktb li f "
    )
    assert run("social.tokens:hashtag=text", "#Maroc #المغرب #2024") == "Maroc المغرب #2024"
    assert run("social.tokens", "hespress.com w le360.ma") == "<URL> w <URL>"


def test_social_strip_never_glues_tokens() -> None:
    strip = get_step("social.tokens:emoji=strip")
    assert strip("salam😂labas") == "salam labas"
    assert strip("@0@0") == "<USER><USER>"
    assert strip(strip("@😂0")) == strip("@😂0")


# -- profiles -----------------------------------------------------------------------------


def test_profiles_listed_and_documented_examples() -> None:
    assert list_profiles() == ["corpus", "display", "lid", "search"]
    assert normalize("واش نتا مزياااان؟ ههههه") == "واش نتا مزيان? هه"
    assert normalize("Bzzzzaaaaf  3LIK hhhhhh", "search") == "bzaf 3lik haha"
    n = normalize_with_offsets("ⴰⵣⵓⵍ   https://t.co/x", "corpus")
    assert n.text == "ⴰⵣⵓⵍ <URL>"
    assert n.to_original(5, 10) == (7, 21)


def test_search_profile_folds_variants_to_one_form() -> None:
    variants = ["المدرسة", "المدرسه", "ٱلْمَدْرَسَة", "المـــدرسة", "ﺍﻟﻤﺪﺭﺳﺔ"]
    assert {normalize(v, "search") for v in variants} == {"المدرسه"}
    assert normalize("Préfecture de RABAT", "search") == normalize("prefecture de rabat", "search")
    assert normalize("ⴰⵣOⵍ ⴳʷ ⴾ ⵝ", "search") == "ⴰⵣⵔⵍ ⴳⵯ ⴽ ⵜ"


def test_lid_profile_keeps_language_signals() -> None:
    # MSA/Darija spellings, Eastern digits and Tuareg letters are evidence: kept
    assert normalize("إلى المدرسة ٢٠٢٤ ⵗ", "lid") == "إلى المدرسة ٢٠٢٤ ⵗ"
    assert normalize("Wach nta mzyaaaan?? https://x.ma @sara #Maroc 😂", "lid") == "wach nta mzyaan?? maroc"


def test_display_profile_changes_no_letter() -> None:
    text = "واش\u200b  نتا مـزيان؟ ⴰⵣOⵍ ﻻ Préfecture"
    assert normalize(text, "display") == "واش نتا مـزيان؟ ⴰⵣⵔⵍ ﻻ Préfecture"


def test_unknown_names_list_valid_ones() -> None:
    with pytest.raises(UnknownNameError) as exc:
        normalize("x", "serch")
    assert "search" in str(exc.value) and "display" in str(exc.value)
    with pytest.raises(UnknownNameError) as exc2:
        get_step("arabic.tatwil")
    assert "arabic.tatweel" in str(exc2.value)
    with pytest.raises(UnknownNameError):
        get_step("arabic.harakat", shadda=True)
    with pytest.raises(UnknownNameError):
        get_step("social.tokens:url=hide")
    with pytest.raises(UnknownNameError):
        get_step("arabic.tatweel.v9")
    with pytest.raises(StepOptionError):
        get_step("arabic.harakat:keep_shadda=maybe")
    with pytest.raises(StepOptionError):
        get_step("arabic.harakat:keep_shadda")
    assert isinstance(UnknownNameError("a", "b", []), AwalError)


def test_wrong_types() -> None:
    with pytest.raises(InputTypeError):
        normalize(b"salam")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        normalize(None)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        normalize("x", 3)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        get_step("arabic.harakat", keep_shadda="yes")
    with pytest.raises(InputTypeError):
        Pipeline("arabic.tatweel")  # type: ignore[arg-type]
    assert normalize("a\ud800b", "display") == "a\ufffdb"  # lone surrogate replaced one for one
    assert normalize("") == ""


def test_registry_versions_and_specs() -> None:
    names = list_steps()
    assert "arabic.tatweel" in names and "unicode.form" in names
    assert "arabic.tatweel.v1" in list_steps(versions=True)
    step = get_step("unicode.form.v1:form=NFKC")
    assert step.spec == "unicode.form.v1:form=NFKC"
    assert get_step("unicode.form", form="NFKC") == step
    pipe = profile("search")
    assert Pipeline(pipe.spec) == pipe
    assert profile("search") is profile("search")  # built once


def test_custom_step_plugs_in() -> None:
    from awal.normalize import CharMapStep, register_step

    @register_step
    class Guillemets(CharMapStep):
        """French quotes to ASCII quotes."""

        name = "test.guillemets"

        def _mapping(self) -> dict[str, str]:
            return {"«": '"', "»": '"'}

    assert "test.guillemets" in list_steps()
    assert Pipeline(["test.guillemets", "arabic.tatweel"])("«مـرحبا»") == '"مرحبا"'
    assert isinstance(get_step("test.guillemets"), Step)


def test_pipeline_fusion_equals_step_by_step() -> None:
    specs = profile("search").spec
    text = "ٱلْمَدْرَسَةُ ﻻ ګال ٢٠ ⴾⵝ، Préfecture hhhh"
    one_by_one = text
    for spec in specs:
        one_by_one = get_step(spec)(one_by_one)
    assert normalize(text, "search") == one_by_one


# -- offsets ------------------------------------------------------------------------------


def test_offsets_for_deletions_expansions_placeholders() -> None:
    text = "مـــزيان ﻻ https://t.co/x"
    n = normalize_with_offsets(text, "search")
    assert isinstance(n, Normalized) and n.original == text
    assert n.text == "مزيان لا https://t.co/x"
    word = n.text.index("مزيان")
    assert n.original_text(word, word + 5) == "مـــزيان"  # tatweel inside the span is included
    la = n.text.index("لا")
    assert n.to_original(la) == n.to_original(la + 1) == (9, 10)  # both letters come from "ﻻ"
    assert n.original_text(la, la + 2) == "ﻻ"
    with pytest.raises(IndexError):
        n.to_original(0, len(n.text) + 1)
    with pytest.raises(dataclasses_frozen_error()):
        n.text = "x"  # type: ignore[misc]

    m = normalize_with_offsets("  salam\u200b   @Sara  ", "corpus")
    assert m.text == "salam <USER>"
    assert m.original_text(6, 12) == "@Sara"
    assert m.to_original(0, 5) == (2, 7)  # leading spaces are not part of "salam"
    assert m.to_original(0, len(m.text), expand=True) == (0, len(m.original))


def dataclasses_frozen_error() -> type[Exception]:
    import dataclasses

    return dataclasses.FrozenInstanceError


def test_spans_found_on_normalised_text_report_original_offsets() -> None:
    text = "Bzzzzaaaaf 3LIK, ttasla9 f ⴰⵣOⵍ"
    n = normalize_with_offsets(text, "search")
    assert n.text == "bzaf 3lik, ttasla9 f ⴰⵣⵔⵍ"
    spans = [(0, 4), (5, 9), (n.text.index("ⴰ"), len(n.text))]
    assert [text[s:e] for s, e in n.spans_to_original(spans)] == ["Bzzzzaaaaf", "3LIK", "ⴰⵣOⵍ"]


# -- long input ---------------------------------------------------------------------------


def test_ten_megabyte_line_is_linear() -> None:
    line = ("salam 3afak bzzzzaaaaf hhhh واش مزياااان؟ ⴰⵣⵓⵍ " * 230_000)[:10_000_000]
    assert len(line) == 10_000_000
    t0 = time.perf_counter()
    out = normalize(line, "corpus")
    elapsed = time.perf_counter() - t0
    assert out.startswith("salam 3afak bzzzzaaaaf hhhh واش مزياااان؟ ⴰⵣⵓⵍ salam")
    assert normalize(line[:1_000_000], "lid").startswith("salam 3afak bzzaaf hh واش مزياان؟ ⴰⵣⵓⵍ")
    assert elapsed < 60


@pytest.mark.parametrize("unit", ["a", "@0", "😂a", "#a#", "ha", "هاه", "ⴰO", "a.b", "x.com", "ﻻ", "\u200d", " "])
def test_adversarial_repetitions_stay_linear(unit: str) -> None:
    """Patterns that would make a careless regex backtrack: doubling the input about doubles the time."""
    times = []
    for size in (20_000, 80_000):
        text = (unit * (size // len(unit) + 1))[:size]
        t0 = time.perf_counter()
        for name in list_profiles():
            normalize(text, name)
        times.append(time.perf_counter() - t0)
    assert times[1] < 12 * times[0] + 0.5  # 4x the input: linear gives ~4x, quadratic ~16x


def test_docs_cover_every_step_and_profile() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "normalize.md").read_text(encoding="utf-8")
    for name in list_steps():
        if not name.startswith("test."):
            assert f"`{name}`" in doc, name
    for name in list_profiles():
        assert f"`{name}`" in doc, name
        for spec in profile(name).spec:
            assert spec.split(".v1")[0] in doc
