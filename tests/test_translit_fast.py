"""The compiled Latin -> Arabic path (awal.translit.darija._fast) gives exactly the Python outputs.

The pure-Python code is the reference: every comparison runs both on the same input and
demands identical strings (and identical scores for the greedy decoder). Sentences and words
are generated (hypothesis) or written for these tests; with ../shared/data, every dev Latin
sentence is compared too.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal.translit import darija
from awal.translit.darija import _ToArabic, _ToLatin
from awal.translit.darija._store import load_bundle
from awal.translit.darija._text import arabic_key, arabic_units, latin_key

fast_mod = pytest.importorskip("awal.translit.darija._fast")

VARIETIES = ("ary", "mey", "aeb")

# Arabizi-like material: letters, digits used as letters, emphatic capitals, apostrophes
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ARABIZI = _LETTERS + "2356789" + "TSDHZ" + "'-"
_WORDS = st.text(alphabet=_ARABIZI, min_size=1, max_size=14)
_ODD = st.text(min_size=0, max_size=12)  # any Unicode: accents, Arabic, emoji, controls, surrogates
_COMMON = [
    "wach", "nta", "mzyan", "3afak", "bghit", "nmchi", "l", "dar", "salam", "labas", "chhal", "hadchi",
    "bzaf", "walakin", "khouya", "ghadi", "kanbghik", "la", "voiture", "de", "c'est", "the", "weekend",
    "smiya", "dyali", "7ta", "ma3a", "9rib", "Sba7", "kaySddro", "MZYAN", "Salam",
]  # fmt: skip
_PIECES = st.one_of(
    _WORDS,
    st.sampled_from(_COMMON),
    st.sampled_from(["?", ",", ";", "!", ".", "...", "(", ")", "_", ":", "'", '"', "-", "/"]),
    st.sampled_from(["https://x.ma/a?b=1", "www.hespress.com", "@user_1", "#darija", "a@b.ma", "2024", "10dh", "5G"]),
    st.integers(0, 10**6).map(str),
)
_SENTENCES = st.lists(st.tuples(_PIECES, st.sampled_from([" ", "", "  "])), min_size=0, max_size=10).map(
    lambda items: "".join(p + sep for p, sep in items)
)


def _model(variety: str):
    return load_bundle().variety(variety)


@pytest.fixture(scope="module")
def converters():
    """(compiled, pure-Python) converter pairs per (variety, spelling, punctuation, keep_foreign)."""
    pairs = {}
    for variety in VARIETIES:
        for spelling in ("literal", "standard"):
            for punct in (True, False):
                for keep in (True, False):
                    key = (variety, spelling, punct, keep)
                    pairs[key] = (
                        _ToArabic(variety, spelling, punct, keep),
                        _ToArabic(variety, spelling, punct, keep, accelerate=False),
                    )
    return pairs


def test_extension_is_used():
    assert darija.ACCELERATED is (os.environ.get("AWAL_DARIJA_PURE", "") in ("", "0"))
    if darija.ACCELERATED:
        for variety in VARIETIES:
            assert isinstance(_model(variety).fast, fast_mod.Decoder)
    if os.environ.get("CI"):
        # CI installs with a C compiler: the extension must have been built
        assert darija.ACCELERATED


pytestmark = pytest.mark.skipif(not darija.ACCELERATED, reason="compiled path disabled ($AWAL_DARIJA_PURE)")


# -- greedy decoder -------------------------------------------------------------------------------
@pytest.mark.parametrize("variety", VARIETIES)
@settings(max_examples=120)
@given(word=_WORDS)
def test_greedy_equals_python(variety, word):
    model = _model(variety)
    key = latin_key(word)
    found = model.fast.greedy(key)
    expected = model._greedy_latin_py(key, model.joint)
    assert ({} if found is None else {found[0]: found[1]}) == expected


@pytest.mark.parametrize("variety", VARIETIES)
@settings(max_examples=60)
@given(word=_ODD)
def test_greedy_equals_python_any_text(variety, word):
    model = _model(variety)
    found = model.fast.greedy(word)
    expected = model._greedy_latin_py(word, model.joint)
    assert ({} if found is None else {found[0]: found[1]}) == expected


@pytest.mark.parametrize(
    "key", ["", "a", "khkh", "chchchch", "ouou", "kaySddro", "3a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "x" * 300]
)
def test_greedy_written_examples(key):
    model = _model("ary")
    found = model.fast.greedy(key)
    assert ({} if found is None else {found[0]: found[1]}) == model._greedy_latin_py(key, model.joint)


# -- Arabic -> Latin greedy decoder ------------------------------------------------------------------
_ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىيڭگڤپ" + "\u0651"


@pytest.mark.parametrize("variety", VARIETIES)
@settings(max_examples=100)
@given(word=st.text(alphabet=_ARABIC, min_size=0, max_size=12))
def test_greedy_arabic_equals_python(variety, word):
    model = _model(variety)
    units = arabic_units(word)
    found = model.fast.greedy_arabic(units)
    assert ({} if found is None else {found[0]: found[1]}) == model._greedy_arabic_py(units, model.joint)


@pytest.mark.parametrize("word", ["", "سلام", "واش", "الله", "مزيان", "شحال", "بزّاف", "ڭاع", "x", "ععععععععععععععع"])
def test_greedy_arabic_written_examples(word):
    model = _model("ary")
    units = arabic_units(word)
    found = model.fast.greedy_arabic(units)
    assert ({} if found is None else {found[0]: found[1]}) == model._greedy_arabic_py(units, model.joint)
    with pytest.raises(TypeError):
        model.fast.greedy_arabic(tuple(units))
    with pytest.raises(TypeError):
        model.fast.greedy_arabic([1, 2])


# -- one word -----------------------------------------------------------------------------------
@pytest.mark.parametrize("variety", VARIETIES)
@settings(max_examples=120)
@given(word=st.one_of(_WORDS, st.sampled_from(_COMMON)))
def test_word_equals_python(converters, variety, word):
    _, py = converters[(variety, "literal", True, True)]
    key = latin_key(word)
    assert _model(variety).fast.word(key) == py._literal(key)


@settings(max_examples=60)
@given(word=_ODD)
def test_word_any_text_equals_python_or_defers(converters, word):
    _, py = converters[("ary", "literal", True, True)]
    out = _model("ary").fast.word(word)
    # None only where the Python reference must decide (letter fallback of a non-ASCII key)
    assert out == py._literal(word) or (out is None and not word.isascii())


# -- whole sentences --------------------------------------------------------------------------------
WRITTEN = [
    "",
    " ",
    "wach nta mzyan? 3afak",
    "salam labas 3lik, chhal f sa3a?",
    "bghit nmchi l dar mn ba3d l 5dma",
    "ana f had l weekend ghadi n7ell la voiture dyali",
    "c'est pas grave khouya, ghadi nchoufou",
    "chouf https://www.hespress.com/x?y=1 w @user_1 #darija 100dh 2024",
    "mail: a.b@c.ma , tel 0612345678",
    "WACH NTA MZYAN",
    "Salam, kaySddro l Sba7!!",
    "a  b   c",
    "...??!!,,;;",
    "l'weekend d'occasion",
    "3333 77 99 5G 10dh 12abc 12abcd 1a2",
    "www. www.x @ #_ @_a a@b a@b. a@.b a@b.c_ x://y x:// ab+c.d-e://z",
]


def _check_sentence(conv, py, text):
    expected = py(text)
    assert conv(text) == expected
    direct = conv._fast_text.fast(text) if conv._fast_text is not None else None
    assert direct is None or direct == expected


@pytest.mark.parametrize("text", WRITTEN)
def test_written_sentences_equal_python(converters, text):
    for conv, py in converters.values():
        _check_sentence(conv, py, text)


@settings(max_examples=150)
@given(
    text=_SENTENCES,
    setting=st.sampled_from(
        [(v, s, p, k) for v in VARIETIES for s in ("literal", "standard") for p in (True, False) for k in (True, False)]
    ),
)
def test_generated_sentences_equal_python(converters, text, setting):
    conv, py = converters[setting]
    _check_sentence(conv, py, text)


# code-switch material: strong and weak European words, articles, elided letters before an
# apostrophe, Darija words; the compiled converter applies the lone-word rule itself
_SWITCH_WORDS = [
    "journal", "meeting", "the", "la", "le", "des", "voiture", "occasion", "hier", "email", "Journal",
    "d", "l", "qu", "j", "n", "bghit", "chrit", "dyal", "lyoum", "wach", "f", "3la", "ana", "il",
    # the lid screen: a lexicon word lid reads as European, words in no table, a Darija word with digits
    "carte", "nationale", "ordinateurs", "portables", "autoformation", "7wayj", "mzyan",
]  # fmt: skip
_SWITCH_SENTENCES = st.lists(
    st.tuples(st.sampled_from(_SWITCH_WORDS), st.sampled_from([" ", "'", " ", ", ", "? "])), min_size=1, max_size=8
).map(lambda items: "".join(p + sep for p, sep in items).strip())


@settings(max_examples=200)
@given(
    text=_SWITCH_SENTENCES,
    setting=st.sampled_from(
        [("ary", "literal", True, True), ("mey", "literal", True, True), ("aeb", "literal", False, True)]
    ),
)
def test_code_switched_sentences_equal_python(converters, text, setting):
    conv, py = converters[setting]
    _check_sentence(conv, py, text)


# Latin-1 letters (accented French words, accent-folded keys, case, the signs x and / that are not
# letters, the no-break space) are read by the compiled path too
_LATIN1_WORDS = [
    "école", "privée", "déja", "fâch", "téléphone", "Garçon", "façon", "ÉCOLE", "Été", "øre", "ÿes", "ñandu",
    "kaySddro", "aTébç", "ÀTSé", "bghit", "la", "carte", "wa7d", "3afak", "l", "d", "@ali", "#été", "a@b.cé",
    "x://é", "12é", "99dh", "jour",
]  # fmt: skip
_LATIN1_SENTENCES = st.lists(
    st.tuples(
        st.sampled_from(_LATIN1_WORDS),
        st.sampled_from([" ", "'", " ", ", ", "? ", "é", "\u00d7", "\u00f7", "\u00a0", "\u00bf", "\u00e6"]),
    ),
    min_size=1,
    max_size=7,
).map(lambda items: "".join(p + sep for p, sep in items).strip())


@settings(max_examples=200)
@given(
    text=_LATIN1_SENTENCES,
    setting=st.sampled_from(
        [
            ("ary", "literal", True, True),
            ("ary", "standard", True, True),
            ("mey", "literal", True, True),
            ("aeb", "literal", False, True),
            ("ary", "literal", True, False),
        ]
    ),
)
def test_latin1_sentences_equal_python(converters, text, setting):
    conv, py = converters[setting]
    _check_sentence(conv, py, text)


def test_fast_path_takes_latin1_letters(converters):
    conv, py = converters[("ary", "literal", True, True)]
    for text in ("kont dayra école privée", "Garçon, 3afak", "ÉCOLE dyal lwlad"):
        assert conv._fast_text.fast(text) == py(text)
    # a sign, a no-break space, a character beyond Latin-1: the Python path
    for text in ("2\u00d73", "salam\u00a0khouya", "salam café\u2019s"):
        assert conv._fast_text.fast(text) is None
        assert conv(text) == py(text)


@settings(max_examples=150)
@given(text=st.text(alphabet="aAwW3@.:/#_-+?, x", max_size=24))
def test_url_mention_email_tokens_equal_python(converters, text):
    # stresses the compiled check of the kept-token pattern (URL, www., e-mail, @mention, #hashtag)
    conv, py = converters[("ary", "literal", True, True)]
    _check_sentence(conv, py, text)


@settings(max_examples=80)
@given(text=st.text(max_size=40))
def test_any_unicode_sentence_equals_python(converters, text):
    conv, py = converters[("ary", "literal", True, True)]
    _check_sentence(conv, py, text.replace("\n", " "))


def test_fast_path_takes_plain_sentences_and_defers_the_rest(converters):
    conv, py = converters[("ary", "literal", True, True)]
    assert conv._fast_text.fast("wach nta mzyan") is not None
    # a lone possibly European word the Python path would transliterate too: taken, same output
    assert conv._fast_text.fast("ana f la voiture") == py("ana f la voiture")
    # a lone word strong enough to stay Latin, or two possibly European words, with every word known to
    # the tables: the lexical rule decides in C; a lexicon word lid reads as European ('carte') or a word
    # in no table next to a European-looking one ('ordinateurs'): awal.lid's spans, the Python path
    lid = darija._lid_segment() is not None
    for text in ("bghit n9ra journal lyoum", "chrit la journal d'hier", "bghit d'journal", "ana f l'hopital"):
        assert conv._fast_text.fast(text) is not None
        assert conv(text) == py(text)
    assert conv._fast_text.fast("bghit la voiture d'occasion") is not None
    for text in ("bghit n9ad la carte nationale", "bghit nchri des ordinateurs portables"):
        assert (conv._fast_text.fast(text) is None) == lid
        assert conv(text) == py(text)
    # a letter beyond Latin-1, control characters, Arabic script: the Python path
    assert conv._fast_text.fast("salam ćevapi") is None
    assert conv._fast_text.fast("salam\tlabas") is None
    assert conv._fast_text.fast("salam سلام") is None


def test_lexical_keep_rule_without_lid(monkeypatch):
    # without awal.lid the compiled path applies the lexical rule itself: a strong word stays Latin and
    # its neighbours join (article, elided letter), exactly as _european_pieces does
    monkeypatch.setattr(darija, "_lid_segment", lambda: None)
    darija._reset_caches()
    try:
        conv = _ToArabic("ary", "literal", True, True)
        py = _ToArabic("ary", "literal", True, True, accelerate=False)
        for text in ("bghit n9ra journal lyoum", "chrit la journal d'hier", "bghit d'journal", "ana f l'hopital"):
            fast = conv._fast_text.fast(text)
            assert fast is not None and fast == py(text)
        assert "la journal" in conv._fast_text.fast("chrit la journal d'hier")  # an article joins
        assert "d'journal" in conv._fast_text.fast("bghit d'journal")  # so does an elided letter
    finally:
        darija._reset_caches()


def test_odd_inputs_never_crash(converters):
    conv, py = converters[("ary", "literal", True, True)]
    for text in ["\x00", "a\x00b", "\ud800", "wach \udfff nta", "\x7f", "\U0001f600 salam", "\u200f3afak"]:
        assert conv(text) == py(text)
    huge = "a" * 200_000
    out = conv(huge)
    assert isinstance(out, str) and out
    sentence = "wach nta mzyan? " * 20_000
    assert conv(sentence) == conv("wach nta mzyan? ") * 20_000
    assert darija.to_arabic(huge + " salam") == out + " " + darija.to_arabic("salam")


def test_bad_arguments_raise_type_errors():
    dec = _model("ary").fast
    with pytest.raises(TypeError):
        dec.greedy(b"salam")
    with pytest.raises(TypeError):
        dec.word(None)
    with pytest.raises(RuntimeError):
        fast_mod.Decoder.__new__(fast_mod.Decoder).greedy("salam")
    conv = fast_mod.Converter(dec, {}, True, 0.5)
    with pytest.raises(TypeError):
        conv(b"salam")
    with pytest.raises(TypeError):
        conv()
    with pytest.raises(TypeError):
        fast_mod.Converter(dec, {}, True, 0.5, 42)
    with pytest.raises(RuntimeError):
        dec.__init__()
    assert conv("salam") == darija.to_arabic("salam", arabic_punctuation=False)
    assert conv("salam café") is None  # no fallback given: None = not taken
    with pytest.raises(TypeError):
        fast_mod.Converter(dec, {}, True, 0.5, None, "not callable")
    seen = []
    with_fallback = fast_mod.Converter(dec, {}, True, 0.5, None, lambda t: seen.append(t) or "<python>")
    assert with_fallback("salam café") == "<python>" and seen == ["salam café"]
    assert with_fallback("salam") == conv("salam") and seen == ["salam café"]


def test_converters_are_garbage_collected():
    import gc
    import weakref

    conv = _ToArabic("ary", "standard", True, True)  # holds a compiled converter that refers back to it
    conv("salam labas")
    ref = weakref.ref(conv)
    del conv
    gc.collect()
    assert ref() is None


def test_threads_share_a_converter():
    sentences = [f"salam {w} labas {i}" for i, w in enumerate(_COMMON * 4)]
    py = _ToArabic("ary", "standard", True, True, accelerate=False)
    expected = [py(s) for s in sentences]
    conv = _ToArabic("ary", "standard", True, True)
    results: list[list[str]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        results[slot] = [conv(s) for s in sentences]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_pure_python_switch():
    code = "import awal.translit.darija as d; print(d.ACCELERATED, d.to_arabic('wach nta mzyan? 3afak'))"
    env = {**os.environ, "AWAL_DARIJA_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split(" ", 1)[0] == "False"
    assert out.split(" ", 1)[1].strip() == darija.to_arabic("wach nta mzyan? 3afak")


# -- all dev sentences ------------------------------------------------------------------------------
@pytest.mark.data
def test_all_dev_latin_sentences_equal_python(shared_data, converters):
    path = shared_data / "translit" / "arabizi_dev.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh, delimiter="\t") if len(row) >= 3]
    by_variety: dict[str, list[str]] = {}
    for row in rows:
        if row[0] in VARIETIES:
            by_variety.setdefault(row[0], []).append(row[2])
    assert sum(len(v) for v in by_variety.values()) > 5000
    for variety, texts in by_variety.items():
        conv, py = converters[(variety, "literal", True, True)]
        diffs = [t for t in dict.fromkeys(texts) if conv(t) != py(t)]
        assert diffs == []


def test_token_cache_keeps_only_context_free_outputs():
    # a word kept in Latin because of its sentence (awal.lid span, European neighbour) must not be
    # remembered as the word's own output: "merci" alone is Darija (مرسي)
    py = _ToArabic("ary", "literal", True, True, accelerate=False)
    fresh = _ToArabic("ary", "literal", True, True, accelerate=False)("merci")
    for sentence in ("merci beaucoup mon ami", "ana f la voiture"):
        py(sentence)
    assert py("merci") == fresh
    assert py("wach la") == _ToArabic("ary", "literal", True, True, accelerate=False)("wach la")


@pytest.mark.parametrize("variety", VARIETIES)
def test_compiled_lexicon_matches_python(variety):
    model = _model(variety)
    lexicon = model.lexicon
    assert lexicon
    assert all(model.fast.lex_total(key) == sum(c for _, c in cands) for key, cands in lexicon.items())
    assert model.fast.lex_total("zzqx-not-a-word") is None


def test_compiled_european_word_table_matches_python():
    fast = _model("ary").fast
    table = load_bundle().shared("foreign")
    assert len(table) > 1000
    assert all(fast.foreign_odds(word) == odds for word, odds in table.items())
    assert fast.foreign_odds("zzqx-not-a-word") is None


@settings(max_examples=100)
@given(word=st.one_of(_WORDS, st.sampled_from([*_COMMON, "merci", "voiture", "the", "de", "café", "Bonjour"])))
def test_switch_score_equals_python(converters, word):
    conv, py = converters[("ary", "literal", True, True)]
    a, b = conv.switch_score(word), py.switch_score(word)
    assert a == b or (a != a and b != b)


@pytest.mark.data
def test_dev_arabic_words_greedy_equals_python(shared_data):
    path = shared_data / "translit" / "arabizi_dev.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh, delimiter="\t") if len(row) >= 4 and row[0] in VARIETIES]
    for variety in VARIETIES:
        model = _model(variety)
        keys = sorted({arabic_key(w) for row in rows if row[0] == variety for w in row[3].split()})
        assert len(keys) > 100
        for key in keys[::3]:  # a third of the word types: the Python reference takes ~0.6 ms each
            units = arabic_units(key)
            found = model.fast.greedy_arabic(units)
            assert ({} if found is None else {found[0]: found[1]}) == model._greedy_arabic_py(units, model.joint)


# -- Arabic -> Arabizi sentences ---------------------------------------------------------------------
_AR_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
_AR_WORDS = st.text(alphabet=_ARABIC + _AR_MARKS + "٠١٢٣", min_size=1, max_size=10)
_AR_PIECES = st.one_of(
    _AR_WORDS,
    st.sampled_from(["واش", "نتا", "مزيان", "الواليدة", "للسوق", "والدار", "فالبيت", "بالزربة", "مدرسة", "شدّة", "ّا"]),
    st.sampled_from(["؟", "،", "؛", "٪", "۔", "٫", "?", ",", ".", "!", "(", "salam", "2024", "wa7ed"]),
)
_AR_SENTENCES = st.lists(st.tuples(_AR_PIECES, st.sampled_from([" ", "", "  "])), max_size=10).map(
    lambda items: "".join(p + sep for p, sep in items)
)


@pytest.fixture(scope="module")
def latin_converters():
    return {v: (_ToLatin(v, "arabizi"), _ToLatin(v, "arabizi", accelerate=False)) for v in VARIETIES}


def _check_latin(conv, py, text):
    expected = py(text)
    assert conv(text) == expected
    direct = conv._fast_text.fast(text)
    assert direct is None or direct == expected


@pytest.mark.parametrize("variety", VARIETIES)
@settings(max_examples=100)
@given(text=_AR_SENTENCES)
def test_arabic_sentences_equal_python(latin_converters, variety, text):
    conv, py = latin_converters[variety]
    _check_latin(conv, py, text)


@settings(max_examples=80)
@given(text=st.text(max_size=30))
def test_any_unicode_to_latin_equals_python(latin_converters, text):
    conv, py = latin_converters["ary"]
    _check_latin(conv, py, text.replace("\n", " "))


@pytest.mark.parametrize(
    "text",
    ["", " ", "واش نتا مزيان؟ عافاك", "مشيت للسوق مع الواليدة", "هادي ٢٠٢٤، شحال؟", "ّ", "ـــ", "ً ٌ", "salam سلام 3afak"],
)
def test_written_arabic_sentences_equal_python(latin_converters, text):
    for conv, py in latin_converters.values():
        _check_latin(conv, py, text)


def test_latin_fast_path_scope_and_odd_input(latin_converters):
    conv, py = latin_converters["ary"]
    assert conv._fast_text.fast("واش نتا مزيان") is not None
    # characters outside ASCII and the Arabic letters/marks/digits/punctuation: the Python path
    assert conv._fast_text.fast("واش\tنتا") is None
    assert conv._fast_text.fast("واش 😀") is None
    for text in ["\x00", "\ud800", "واش \udfff", "ۿ", "\u06f1\u06f2"]:
        assert conv(text) == py(text)
    huge = "ب" * 50_000
    assert isinstance(conv(huge), str)
    assert _ToLatin("ary", "scholarly")._fast_text is None  # the scholarly scheme stays in Python
    with pytest.raises(TypeError):
        conv._fast_text.fast(b"x")
    with pytest.raises(TypeError):
        fast_mod.LatinConverter(_model("ary").fast, "", {}, {}, 0.5, "not callable")
    with pytest.raises(ValueError):
        fast_mod.LatinConverter(_model("ary").fast, "broken line", {}, {}, 0.5)


@pytest.mark.data
def test_all_dev_arabic_sentences_equal_python(shared_data, latin_converters):
    path = shared_data / "translit" / "arabizi_dev.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [row for row in csv.reader(fh, delimiter="\t") if len(row) >= 4 and row[0] in VARIETIES]
    assert len(rows) > 5000
    for variety in VARIETIES:
        conv, py = latin_converters[variety]
        texts = list(dict.fromkeys(row[3] for row in rows if row[0] == variety))
        assert [t for t in texts if conv(t) != py(t)] == []
