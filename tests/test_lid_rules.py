"""Tifinagh letter evidence, label prior corrections and short everyday sentences."""

from __future__ import annotations

import csv
import json
import math
import shutil
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from awal.errors import ModelError
from awal.languages import Label
from awal.lid import load
from awal.lid.detector import _load_model
from awal.lid.engine import LETTER_EVIDENCE, TUAREG_LETTERS
from awal.lid.train_engine import select_priors

FIXTURE = Path(__file__).parent / "fixtures" / "lid_everyday_short.tsv"
IRCAM_WORDS = ["ⴰⵣⵓⵍ", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⴰⵙⵙⴰ", "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", "ⵜⴰⵏⵎⵎⵉⵔⵜ"]


def test_ircam_tifinagh_without_tuareg_letters_is_zgh_on_every_path() -> None:
    det = load()
    for word in IRCAM_WORDS:
        assert det.detect(word).label is Label.zgh_Tfng, word
        assert det.rank(word, 1)[0].label is Label.zgh_Tfng
    batch = det.detect_batch([*IRCAM_WORDS, "hello my friend", "wach nta mzyan"])
    assert [p.label for p in batch[: len(IRCAM_WORDS)]] == [Label.zgh_Tfng] * len(IRCAM_WORDS)
    assert [s.label for s in det.segment("ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ")] == [Label.zgh_Tfng]


def test_letter_evidence_weighs_taq_by_its_factor_only_without_tuareg_letters() -> None:
    det = load()
    model = det._model
    cols = [lab.value for lab in model.labels]
    taq, zgh = cols.index("taq_Tfng"), cols.index("zgh_Tfng")
    factor = LETTER_EVIDENCE["taq_Tfng"][2]
    texts = ["ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", "ⴰⵗⴰⵔ ⵂⴰⵍ ⴾⵉⵍ"]  # the second holds Tuareg-only letters
    assert not any(c in TUAREG_LETTERS for c in texts[0]) and all(c in texts[1] for c in "ⵗⵂⴾ")
    with_rule = model.analyse(texts).probs
    evidence, model.evidence = model.evidence, ()
    try:
        without = model.analyse(texts).probs
    finally:
        model.evidence = evidence
    # the odds of taq against zgh are multiplied by the factor, and the row still sums to 1
    ratio_with = with_rule[0, taq] / with_rule[0, zgh]
    ratio_without = without[0, taq] / without[0, zgh]
    assert math.isclose(ratio_with, factor * ratio_without, rel_tol=1e-9)
    assert math.isclose(with_rule[0].sum(), 1.0, rel_tol=1e-9)
    np.testing.assert_allclose(with_rule[1], without[1])  # Tuareg letters present: untouched
    # the single-text path applies the same rule
    one, _, _ = model.analyse_one(texts[0])
    np.testing.assert_allclose(one, with_rule[0], rtol=1e-6, atol=1e-9)


def test_shipped_prior_correction_is_applied_and_recorded() -> None:
    det = load("full")
    prior = det.manifest.get("label_log_prior", {})
    assert set(prior) <= set(det.manifest["labels"])
    engine = det._model.engine
    expected = np.array([prior.get(lab.value, 0.0) for lab in det._model.labels])
    if not prior:
        assert engine.log_prior is None
        return
    np.testing.assert_allclose(engine.log_prior, expected)
    # the correction is exactly a shift of the logits: removing it changes each label's log-odds by it
    text = ["salut les amis, on se voit demain"]
    from awal.lid.engine import encode_batch

    batch = encode_batch(text)
    with_prior = engine.logits(batch)[0]
    saved, engine.log_prior = engine.log_prior, None
    try:
        without = engine.logits(encode_batch(text))[0]
    finally:
        engine.log_prior = saved
    np.testing.assert_allclose(with_prior - without, expected, atol=1e-12)
    tuning = det.manifest["prior_tuning"]
    assert tuning["macro_f1_after"] >= tuning["macro_f1_before"]


def test_prior_naming_an_unknown_label_is_a_model_error(tmp_path: Path) -> None:
    base = resources.files("awal.lid") / "models"
    manifest = json.loads((base / "full.json").read_text(encoding="utf-8"))
    with resources.as_file(base / manifest["model_file"]) as path:
        shutil.copy(path, tmp_path / manifest["model_file"])
    for bad in ({"xyz_Latn": -1.0}, {"fra_Latn": "much"}, {"fra_Latn": math.inf}, ["fra_Latn"]):
        manifest["label_log_prior"] = bad
        (tmp_path / "full.json").write_text(json.dumps(manifest), encoding="utf-8")
        _load_model.cache_clear()
        with pytest.raises(ModelError):
            load(tmp_path / "full.json")
    _load_model.cache_clear()


@dataclass
class _Row:
    label: Label
    text: str


class _FakeModel:
    """Three labels; label b is over-predicted for lines of label a (as a repeated small source would be)."""

    labels = (Label.arq_Latn, Label.fra_Latn, Label.spa_Latn)

    def __init__(self, probs: dict[str, list[float]]) -> None:
        self.probs = probs

    def analyse(self, texts: list[str]) -> object:
        @dataclass
        class _A:
            probs: np.ndarray

        return _A(np.array([self.probs[t] for t in texts]))


class _FakeDetector:
    def __init__(self, model: _FakeModel) -> None:
        self._model = model


def test_select_priors_lowers_an_over_predicted_label_and_leaves_a_calibrated_one() -> None:
    probs: dict[str, list[float]] = {}
    rows = []
    for i in range(40):  # French lines the model gives to Algerian Arabizi by a small margin
        probs[f"f{i}"] = [0.55, 0.45, 0.0]
        rows.append(_Row(Label.fra_Latn, f"f{i}"))
    for i in range(40):  # Algerian lines it is sure of
        probs[f"a{i}"] = [0.95, 0.05, 0.0]
        rows.append(_Row(Label.arq_Latn, f"a{i}"))
    for i in range(40):
        probs[f"s{i}"] = [0.1, 0.1, 0.8]
        rows.append(_Row(Label.spa_Latn, f"s{i}"))
    chosen, record = select_priors(_FakeDetector(_FakeModel(probs)), rows)
    assert set(chosen) == {"arq_Latn"} and chosen["arq_Latn"] < 0
    assert record["macro_f1_after"] == 1.0 > record["macro_f1_before"]
    # already right everywhere: nothing to change
    calibrated = {k: v for k, v in probs.items() if not k.startswith("f")}
    chosen, _ = select_priors(_FakeDetector(_FakeModel(calibrated)), [r for r in rows if r.text in calibrated])
    assert chosen == {}


def test_short_everyday_sentences() -> None:
    """98 short sentences we wrote: French and Spanish must not go to Maghrebi Arabizi labels."""
    with FIXTURE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) >= 95
    preds = load().detect_batch([r["text"] for r in rows])
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong_arabizi = 0
    for r, p in zip(rows, preds, strict=True):
        total[r["label"]] += 1
        right[r["label"]] += p is not None and p.label.value == r["label"]
        if r["label"] in ("fra_Latn", "spa_Latn", "eng_Latn") and p is not None and p.label.group.name == "ARABIC":
            wrong_arabizi += 1
    assert sum(right.values()) / len(rows) >= 0.93, dict(right)
    for label in ("fra_Latn", "spa_Latn", "eng_Latn", "ary_Latn", "ary_Arab"):
        assert right[label] / total[label] >= 0.9, (label, right[label], total[label])
    assert right["zgh_Tfng"] >= total["zgh_Tfng"] - 1
    assert wrong_arabizi <= 1


def test_calibrate_cli_errors_leave_the_model_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from awal.cli import main

    base = resources.files("awal.lid") / "models"
    manifest_text = (base / "full.json").read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    with resources.as_file(base / manifest["model_file"]) as path:
        shutil.copy(path, tmp_path / manifest["model_file"])
    (tmp_path / "full.json").write_text(manifest_text, encoding="utf-8")
    assert main(["lid", "calibrate", "--manifest", str(tmp_path / "missing.json")]) == 1
    assert "no manifest" in capsys.readouterr().err
    code = main(["lid", "calibrate", "--data", str(tmp_path / "no-data"), "--manifest", str(tmp_path / "full.json")])
    assert code == 1
    assert "MANIFEST.md" in capsys.readouterr().err
    assert (tmp_path / "full.json").read_text(encoding="utf-8") == manifest_text


@pytest.mark.parametrize("content", [b"{not json", b"{}", b"\xff\xfe", b'{"format_version": 1, "labels": []}'])
def test_calibrate_cli_refuses_a_broken_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    from awal.cli import main

    path = tmp_path / "model.json"
    path.write_bytes(content)
    assert main(["lid", "calibrate", "--manifest", str(path)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err and str(tmp_path) in err
    assert path.read_bytes() == content
