import itertools

from hypothesis import given
from hypothesis import strategies as st

from awal.languages import Script
from awal.scripts import analyze, char_script, char_scripts, script_runs


def test_char_script_basics():
    assert char_script("a") is Script.Latn
    assert char_script("ḍ") is Script.Latn
    assert char_script("ɣ") is Script.Latn
    assert char_script("ع") is Script.Arab
    assert char_script("ⵣ") is Script.Tfng
    assert char_script("Ж") is Script.Zzzz
    for neutral in "3 ,.!؟،😀":
        assert char_script(neutral) is Script.Zyyy


def test_arabizi_digits_belong_to_latin_words():
    text = "3afak n9ad 2025 7"
    scripts = char_scripts(text)
    assert scripts[0] is Script.Latn  # 3 in 3afak
    assert scripts[text.index("9")] is Script.Latn
    assert all(s is Script.Zyyy for s in scripts[11:15])  # a year stays neutral
    assert scripts[-1] is Script.Zyyy  # a lone digit is not a word with letters


def test_harakat_inherit_arabic():
    text = "كَتَبَ"
    assert set(char_scripts(text)) == {Script.Arab}


def test_analyze_ratios_and_dominant():
    prof = analyze("salam مرحبا")
    assert prof.dominant is Script.Arab  # 5 Arabic letters vs 5 Latin: tie goes to Arab
    assert abs(sum(prof.ratios.values()) - 1) < 1e-9
    assert analyze("2025 !! 😀").dominant is Script.Zyyy
    assert analyze("").letters == 0


def test_runs_cover_text_and_split_at_spaces():
    text = "salam, bghit n9ad la carte ⴰⵣⵓⵍ مرحبا 3afak"
    runs = script_runs(text)
    assert [r.script for r in runs] == [Script.Latn, Script.Tfng, Script.Arab, Script.Latn]
    assert runs[0].start == 0 and runs[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(runs))
    assert text[runs[1].start : runs[1].end] == "ⴰⵣⵓⵍ "
    assert text[runs[3].start : runs[3].end] == "3afak"


@given(st.text(max_size=200))
def test_runs_partition_any_text(text):
    runs = script_runs(text)
    if not text:
        assert runs == []
        return
    assert runs[0].start == 0 and runs[-1].end == len(text)
    for a, b in itertools.pairwise(runs):
        assert a.end == b.start and a.start < a.end
    assert len(char_scripts(text)) == len(text)


@given(st.text(max_size=60))
def test_long_and_short_paths_agree(text):
    from awal import scripts

    long_text = (text + " ") * (scripts._LONG // (len(text) + 1) + 1)
    assert scripts._raw_classes(long_text) == long_text.translate(scripts._TABLE)


def test_ten_megabyte_line_is_analysed():
    text = "wach 3afak مرحبا ⴰⵣⵓⵍ " * 500_000
    assert len(text) > 10_000_000
    prof = analyze(text)
    assert prof.dominant is Script.Latn
    assert set(prof.ratios) == {Script.Latn, Script.Arab, Script.Tfng}


def test_wrong_type_is_typed_error():
    import pytest

    from awal.errors import AwalError, InputTypeError

    with pytest.raises(InputTypeError) as info:
        analyze(b"bytes")  # type: ignore[arg-type]
    assert isinstance(info.value, AwalError) and isinstance(info.value, TypeError)
    assert "decode" in str(info.value)


def test_lone_surrogates_are_replaced_not_crashing():
    text = "salam \udcff"
    assert len(char_scripts(text)) == len(text)
    assert analyze(text).dominant is Script.Latn
