"""API contract of awal.lid: typed frozen results, abstention, label restriction, rules, segmentation, model integrity."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import shutil
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import awal.lid
from awal.errors import AwalError, InputTypeError, ModelError, UnknownLabelError
from awal.languages import Group, Label
from awal.lid import Decision, Prediction, Reason, Span, load
from awal.lid.data import sha256_file
from awal.lid.detector import MODEL_NAMES, _load_model

EXAMPLE = "salam, bghit n9ad la carte nationale dyali f la préfecture"


def test_detect_returns_frozen_prediction() -> None:
    p = awal.lid.detect("wach nta mzyan? bghit nmchi l souk daba 3afak")
    assert isinstance(p, Prediction)
    assert p.label is Label.ary_Latn
    assert 0.5 <= p.confidence <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.label = Label.fra_Latn  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("واش نتا مزيان؟ بغيت نمشي للسوق دابا عافاك", Label.ary_Arab),
        ("تعلن وزارة الصحة عن إطلاق حملة وطنية للتلقيح ابتداء من يوم الاثنين.", Label.arb_Arab),
        ("ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ, ⵜⴰⵏⵎⵎⵉⵔⵜ ⵏⵏⵓⵏ", Label.zgh_Tfng),
        ("Bonjour, je voudrais prendre un rendez-vous à la préfecture.", Label.fra_Latn),
        ("The meeting was moved to next Tuesday afternoon.", Label.eng_Latn),
        ("Mañana vamos a la playa con mis primos.", Label.spa_Latn),
    ],
)
def test_frozen_results(text: str, label: Label) -> None:
    p = awal.lid.detect(text)
    assert p is not None and p.label is label, (text, p)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2025",
        "12/05/2024 14:30",
        "😂😂😂",
        "❤️🔥",
        "https://example.com/a?b=1",
        "!!! ...",
        "www.site.ma",
        "@user123",
    ],
)
def test_no_linguistic_content_is_und(text: str) -> None:
    p = awal.lid.detect(text)
    assert p == Prediction(Label.und, 1.0)
    assert awal.lid.decide(text).reason is Reason.NO_LINGUISTIC_CONTENT
    assert awal.lid.rank(text) == [Prediction(Label.und, 1.0)]


@pytest.mark.parametrize("text", ["Привет, как дела? Всё хорошо.", "我今天很高兴见到你", "Καλημέρα σας, τι κάνετε;"])
def test_uncovered_script_abstains_with_reason(text: str) -> None:
    assert awal.lid.detect(text) is None
    d = awal.lid.decide(text)
    assert d.prediction is None and d.reason is Reason.UNSUPPORTED_SCRIPT
    assert awal.lid.rank(text) == []
    assert awal.lid.segment(text)[0].label is None


def test_rank_sums_to_one_and_is_sorted() -> None:
    for k in (1, 3, 5, None):
        r = awal.lid.rank("bghit nchri wa7d la voiture", k=k)
        assert math.isclose(sum(p.confidence for p in r), 1.0, rel_tol=1e-9)
        assert [p.confidence for p in r] == sorted((p.confidence for p in r), reverse=True)
        if k is not None:
            assert len(r) == k
    full = awal.lid.rank("bghit nchri wa7d la voiture", k=None)
    assert {p.label for p in full} == set(load().model_labels)


def test_rank_rejects_bad_k() -> None:
    for bad in (0, -1, 2.5, "3", True):
        with pytest.raises(InputTypeError):
            awal.lid.rank("salam", k=bad)  # type: ignore[arg-type]


def test_threshold_abstains_and_is_tunable() -> None:
    text = "ok"
    assert awal.lid.detect(text, threshold=1.0) is None
    d = awal.lid.decide(text, threshold=1.0)
    assert d.reason in (Reason.BELOW_THRESHOLD, Reason.GROUP) and d.alternatives
    assert awal.lid.detect(text, threshold=0.0) is not None
    # per-label thresholds: raising only the top label's threshold above its confidence makes detect abstain
    det = load()
    for cand in ("la", "ok merci", "salam", "bghit", "bon"):
        top = det.decide(cand, threshold=0.0).prediction
        if top is not None and top.confidence < 0.99 and top.label.group is not Group.AMAZIGH:
            break
    else:
        pytest.fail("no candidate text with confidence < 0.99")
    raised = {top.label.value: (top.confidence + 1.0) / 2}
    assert det.detect(cand, threshold=raised) is None
    assert det.with_options(threshold=raised).threshold_for(top.label) == raised[top.label.value]
    other = next(lab for lab in det.model_labels if lab is not top.label)
    assert det.with_options(threshold=raised).threshold_for(other) == det.threshold_for(other)


def test_detector_default_threshold_documented_in_manifest() -> None:
    det = load()
    assert 0.0 < det.threshold_for(Label.ary_Arab) < 1.0
    assert det.manifest["thresholds"]["default"] == det.threshold_for(Label.fra_Latn)


def test_labels_restriction_renormalises() -> None:
    text = "واش كاين شي جديد على هاد الموضوع"
    r = awal.lid.rank(text, k=None, labels=["arb_Arab", "ary_Arab"])
    assert {p.label for p in r} <= {Label.arb_Arab, Label.ary_Arab}
    assert math.isclose(sum(p.confidence for p in r), 1.0)
    p = awal.lid.detect(text, labels=[Label.arb_Arab, "ary_Arab"], threshold=0.0)
    assert p is not None and p.label in (Label.arb_Arab, Label.ary_Arab)
    # a label set that excludes the right answer still answers from the set
    q = awal.lid.detect("Bonjour tout le monde", labels=["eng_Latn", "spa_Latn"], threshold=0.0)
    assert q is not None and q.label in (Label.eng_Latn, Label.spa_Latn)
    batch = awal.lid.detect_batch(["Bonjour tout le monde", "hello my friend"], labels=["eng_Latn", "fra_Latn"])
    assert [b.label if b else None for b in batch] == [Label.fra_Latn, Label.eng_Latn]


def test_unknown_label_and_wrong_types() -> None:
    with pytest.raises(UnknownLabelError):
        awal.lid.detect("salam", labels=["xx_Latn"])
    with pytest.raises(UnknownLabelError):  # a valid Label the model does not predict
        awal.lid.detect("salam", labels=["shi_Tfng"])
    with pytest.raises(UnknownLabelError):
        awal.lid.detect("salam", labels=[])
    with pytest.raises(InputTypeError):
        awal.lid.detect(b"salam")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        awal.lid.detect(None)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        awal.lid.detect_batch("salam")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        awal.lid.detect_batch(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(InputTypeError):
        awal.lid.detect("salam", labels="ary_Latn")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError):
        awal.lid.detect("salam", threshold=1.5)
    with pytest.raises(InputTypeError):
        awal.lid.segment(123)  # type: ignore[arg-type]
    # every error is catchable as AwalError
    with pytest.raises(AwalError):
        awal.lid.detect("salam", labels=["nope"])


def test_detect_batch_matches_detect_and_keeps_order() -> None:
    texts = [
        "wach nta mzyan?",
        "",
        "Bonjour tout le monde",
        "😂",
        "واش نتا مزيان؟",
        "Привет мир",
        "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ",
        "line\nbreak inside",
        "ok",
    ]
    batch = awal.lid.detect_batch(texts)
    assert len(batch) == len(texts)
    # one text goes through the plain-Python path: same answers, probabilities equal up to float rounding
    for b, one in zip(batch, [awal.lid.detect(t) for t in texts], strict=True):
        assert (b is None) == (one is None)
        if b is not None and one is not None:
            assert b.label is one.label
            assert math.isclose(b.confidence, one.confidence, rel_tol=1e-12)
    decisions = load().decide_batch(texts)
    for d, b in zip(decisions, batch, strict=True):
        assert (d.prediction is None) == (b is None)
        if b is not None and d.prediction is not None:
            assert d.prediction.label is b.label
            assert math.isclose(d.prediction.confidence, b.confidence, abs_tol=1e-3)
    assert awal.lid.detect_batch([]) == []


def test_surrogates_do_not_crash() -> None:
    p = awal.lid.detect("salam \udcff khoya")
    assert p is None or isinstance(p.label, Label)


def test_decision_to_dict_is_json() -> None:
    d = awal.lid.decide("bonjour mon ami")
    obj = json.loads(json.dumps(d.to_dict()))
    assert set(obj) >= {"label", "confidence", "alternatives", "reason"}


def test_amazigh_in_arabic_script_is_not_darija() -> None:
    # Amazigh written in Arabic letters (sentences written for this test)
    for text in ["مانيك اد تلليد؟ ريغ اد دّوغ س تمدينت", "أزول فلاون، تانمميرت ننون", "إيسّ تزريت أرّاو نّك؟"]:
        p = awal.lid.detect(text, threshold=0.0)
        assert p is not None and p.label is not Label.ary_Arab, (text, p)


def test_segment_example_from_the_issue() -> None:
    spans = awal.lid.segment(EXAMPLE)
    assert all(isinstance(s, Span) for s in spans)
    french = [EXAMPLE[s.start : s.end] for s in spans if s.label is Label.fra_Latn]
    assert french == ["la carte nationale", "la préfecture"]
    darija = [EXAMPLE[s.start : s.end] for s in spans if s.label is Label.ary_Latn]
    assert "la carte nationale" in french
    assert "la préfecture" in french
    assert darija and darija[0].startswith("salam")
    # adjacent same-label words are merged: labels alternate
    assert all(a.label != b.label for a, b in itertools.pairwise(spans))


def test_segment_edge_cases() -> None:
    assert awal.lid.segment("") == []
    assert awal.lid.segment("   ") == []
    [only] = awal.lid.segment("  123 !! ")
    assert only.label is Label.und and (only.start, only.end) == (2, 8)
    spans = awal.lid.segment("bghit  la carte, 3afak!!")
    assert spans[0].start == 0


words = st.sampled_from(
    [
        "salam",
        "bghit",
        "la",
        "carte",
        "préfecture",
        "واش",
        "بغيت",
        "الحكومة",
        "ⴰⵣⵓⵍ",
        "hello",
        "😂",
        "123",
        "3afak",
        "l'école",
        "Привет",
    ]
)
seps = st.sampled_from([" ", "  ", ", ", "\t", " - ", "!", "\u200f "])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, seps), min_size=1, max_size=8), st.text(max_size=3))
def test_segment_offsets_index_the_original_string(parts: list[tuple[str, str]], prefix: str) -> None:
    text = prefix + "".join(w + s for w, s in parts)
    spans = awal.lid.segment(text)
    prev_end = 0
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text)
        assert sp.start >= prev_end
        prev_end = sp.end
        assert not text[sp.start].isspace() and not text[sp.end - 1].isspace()
        assert 0.0 <= sp.confidence <= 1.0 + 1e-9
    for w, _ in parts:
        if w.isalpha() and w.isascii():
            assert any(w in text[s.start : s.end] for s in spans)


def test_load_models_and_manifests() -> None:
    for name in MODEL_NAMES:
        det = load(name)
        m = det.manifest
        assert m["name"] == name
        assert set(m["labels"]) == {lab.value for lab in det.model_labels}
        assert m["size_bytes"] <= 20_000_000
        assert m["training"]["sources"] and all(
            s["licence_class"] in ("open", "nc", "unknown") for s in m["training"]["sources"]
        )
        assert "dev" in m["metrics"]
    assert load("open").manifest["training"]["licence_classes"] == ["open"]
    with pytest.raises(AwalError):
        load("no-such-model")


def test_manifest_sha256_matches_shipped_files() -> None:
    base = resources.files("awal.lid") / "models"
    for name in MODEL_NAMES:
        manifest = json.loads((base / f"{name}.json").read_text(encoding="utf-8"))
        with resources.as_file(base / manifest["model_file"]) as path:
            assert sha256_file(path) == manifest["sha256"]


def _copy_model(tmp_path: Path) -> Path:
    base = resources.files("awal.lid") / "models"
    manifest = json.loads((base / "full.json").read_text(encoding="utf-8"))
    with resources.as_file(base / manifest["model_file"]) as path:
        shutil.copy(path, tmp_path / manifest["model_file"])
    (tmp_path / "full.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path / manifest["model_file"]


def test_corrupt_model_file_is_a_model_error(tmp_path: Path) -> None:
    weights = _copy_model(tmp_path)
    det = load(tmp_path)  # a copy loads and answers
    assert det.detect("bonjour tout le monde") is not None
    _load_model.cache_clear()
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError):
        load(tmp_path)
    weights.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        load(tmp_path / "full.json")
    weights.unlink()
    with pytest.raises(ModelError):
        load(tmp_path / "full.json")
    (tmp_path / "full.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError):
        load(tmp_path / "full.json")
    _load_model.cache_clear()


def test_corrupt_weights_with_matching_manifest_is_a_model_error(tmp_path: Path) -> None:
    weights = _copy_model(tmp_path)
    weights.write_bytes(b"\x00" * 64)
    manifest = json.loads((tmp_path / "full.json").read_text(encoding="utf-8"))
    manifest["sha256"] = sha256_file(weights)
    (tmp_path / "full.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError):
        load(tmp_path)
    _load_model.cache_clear()


def test_with_options_shares_the_model() -> None:
    det = load()
    narrow = det.with_options(labels=["ary_Latn", "fra_Latn"])
    assert narrow.labels == (Label.ary_Latn, Label.fra_Latn)
    assert narrow._model is det._model
    d = narrow.decide("hello my friend how are you")
    assert isinstance(d, Decision)
    assert all(a.label in (Label.ary_Latn, Label.fra_Latn) for a in d.alternatives)


def test_group_level_amazigh_answer() -> None:
    # no single Latin-script Amazigh variety may answer: Amazigh as a whole still can (ber_Latn)
    strict = {lab: 1.0 for lab in ("kab_Latn", "rif_Latn", "taq_Latn", "zgh_Latn")}
    text = "azul fellawen, tanmirt nnwen s wul"  # written for this test
    d = awal.lid.decide(text, threshold=strict)
    assert d.reason is Reason.GROUP and d.prediction is not None
    assert d.prediction.label is Label.ber_Latn and 0.5 <= d.prediction.confidence <= 1.0
    assert awal.lid.detect_batch([text], threshold=strict)[0] == awal.lid.detect(text, threshold=strict)
    assert awal.lid.detect_batch([text], threshold=strict)[0].label is Label.ber_Latn
    off = load(group_backoff=False)
    assert off.detect(text, threshold=strict) is None


def test_model_loads_once_per_process() -> None:
    assert load()._model is load("default")._model is load("full")._model
    assert load("open")._model is not load("full")._model


_ONE_TEXT = st.text(
    alphabet=st.sampled_from(list("salm khoy3 9'.") + list("واشكين ") + list("ⵜⴰⵎ") + ["é", "😀", "Ж", "\u064e"]),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(_ONE_TEXT, st.sampled_from([None, ["ary_Latn", "fra_Latn"], ["zgh_Tfng", "taq_Tfng"]]), st.floats(0.0, 1.0))
def test_single_text_fast_path_equals_the_batch_path(text: str, labels: list[str] | None, threshold: float) -> None:
    """``detect`` of one text (plain-Python path) answers exactly as that text inside a batch."""
    det = load()
    one = det.detect(text, labels=labels, threshold=threshold)
    batch = det.detect_batch([text, "salam khoya labas"], labels=labels, threshold=threshold)[0]
    assert (one is None) == (batch is None)
    if one is not None and batch is not None:
        assert one.label is batch.label
        assert math.isclose(one.confidence, batch.confidence, rel_tol=1e-9)
