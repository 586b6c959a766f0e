"""awal.translit.darija model files: integrity, corrupt files, training pieces, dev accuracy floor, CLI."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal.errors import DataError, ModelError
from awal.translit import darija
from awal.translit.darija._align import Aligner
from awal.translit.darija._ngram import NgramModel
from awal.translit.darija._store import _cache
from awal.translit.darija.evaluate import char_distance, score_corpus, word_alignment
from awal.translit.darija.train import peel, word_pairs

SHIPPED = Path(str(resources.files("awal.translit.darija") / "data"))


@pytest.fixture
def model_copy(tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(SHIPPED, dst)
    yield dst
    darija.set_model_dir(None)


def test_manifest_matches_shipped_file():
    import hashlib

    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((SHIPPED / "model.npz").read_bytes()).hexdigest()
    assert manifest["files"]["model.npz"] == digest
    assert set(manifest["varieties"]) == {"ary", "mey", "aeb"}
    assert manifest["data"]["translit/arabizi_train.tsv"]  # sha256 of the training data is recorded
    assert manifest["parameters"]["seed"]
    # the joint model's size settings are recorded per variety, and the stored tables match them
    from awal.translit.darija.train import JOINT_SETTINGS

    for variety, (order, min_counts) in JOINT_SETTINGS.items():
        assert manifest["parameters"]["joint_order"][variety] == order
        assert manifest["parameters"]["joint_min_counts"][variety] == {str(n): c for n, c in min_counts.items()}
        with np.load(SHIPPED / "model.npz", allow_pickle=False) as z:
            assert int(z[f"{variety}.joint.meta"][0]) == order
            assert len(z[f"{variety}.joint.pv"]) == manifest["varieties"][variety]["joint_ngrams"]


def test_corrupt_model_raises_model_error(model_copy):
    data = bytearray((model_copy / "model.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model_copy / "model.npz").write_bytes(bytes(data))
    darija.set_model_dir(model_copy)
    with pytest.raises(ModelError, match="does not match its manifest"):
        darija.to_arabic("salam")


def test_garbage_manifest_raises_model_error(model_copy):
    (model_copy / "manifest.json").write_text("{not json", encoding="utf-8")
    darija.set_model_dir(model_copy)
    with pytest.raises(ModelError):
        darija.to_arabic("salam")


def test_missing_model_dir_raises_model_error(tmp_path):
    darija.set_model_dir(tmp_path / "nowhere")
    try:
        with pytest.raises(ModelError):
            darija.to_arabic("salam")
    finally:
        darija.set_model_dir(None)


def test_npz_with_right_hash_but_not_a_zip(model_copy):
    import hashlib

    junk = b"this is not a zip file"
    (model_copy / "model.npz").write_bytes(junk)
    manifest = json.loads((model_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["model.npz"] = hashlib.sha256(junk).hexdigest()
    (model_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    darija.set_model_dir(model_copy)
    with pytest.raises(ModelError, match="cannot be read"):
        darija.to_arabic("salam")


def test_model_is_loaded_once():
    darija.to_arabic("salam")
    n = len(_cache)
    darija.to_arabic("bslama")
    assert len(_cache) == n


# -- building blocks ---------------------------------------------------------------------------
def test_ngram_model_normalises():
    model = NgramModel.train([("ab", 3), ("abc", 1), ("b", 2)], order=3, vocab_size=5)
    import math

    # probabilities of every next symbol after a history sum to (nearly) 1 over the vocabulary
    total = sum(math.exp(model.score("\x02\x02", s)) for s in "abc\x03")
    assert 0.95 < total <= 1.0 + 1e-6
    assert model.score_sequence("ab") > model.score_sequence("ba")


def test_ngram_count_cutoffs_per_order():
    seqs = [("ab", 1), ("ab", 1), ("ba", 1), ("abc", 1)]
    full = NgramModel.train(seqs, order=2, vocab_size=5)
    pruned = NgramModel.train(seqs, order=2, vocab_size=5, min_counts={2: 2})
    # bigrams seen once are dropped (their mass goes to the back-off), those seen twice stay, unigrams stay
    assert "ba" in full.logp and "ba" not in pruned.logp
    assert "ab" in pruned.logp and set("abc") <= set(pruned.logp)
    # the default min_count=2 prunes orders >= 3 only; min_counts replaces it
    three = NgramModel.train(seqs, order=3, vocab_size=5, min_count=2)
    assert "\x02a" in three.logp and "abc" not in three.logp
    assert "abc" in NgramModel.train(seqs, order=3, vocab_size=5, min_count=2, min_counts={}).logp
    with pytest.raises(ValueError):
        NgramModel.train(seqs, order=2, vocab_size=5, min_counts={1: 2})
    # still a distribution after pruning
    total = sum(math.exp(pruned.score("a", s)) for s in "abc\x03")
    assert 0.95 < total <= 1.0 + 1e-6


def test_aligner_learns_digraphs():
    pairs = [("chta", ("ش", "ت", "ا"), 1.0), ("chrab", ("ش", "ر", "ا", "ب"), 1.0), ("bab", ("ب", "ا", "ب"), 1.0)]
    aligner = Aligner({("ch", "ش"): 1.0})
    aligner.fit(pairs, iterations=3)
    path = aligner.viterbi("chta", ("ش", "ت", "ا"))
    assert path is not None and path[0] == ("ch", "ش")
    assert "".join(lat for lat, _ in path) == "chta"
    assert aligner.viterbi("b", ()) is None  # a consonant never maps to nothing


def test_word_pairs_and_peel():
    assert peel("«salam!»") == ("«", "salam", "!»")
    assert list(word_pairs("salam, 3afak", "سلام، عافاك")) == [("salam", "سلام"), ("3afak", "عافاك")]
    assert list(word_pairs("a b c", "ا ب")) == []  # different token counts: not aligned


def test_metrics():
    assert char_distance("kitten", "sitting") == 3
    assert char_distance("", "abc") == 3
    assert word_alignment(["a", "b", "c"], ["b", "c", "d"]) == (2, 2)
    s = score_corpus(["a b", "x"], ["a b", "y"])
    assert s.exact == 0.5 and s.word_accuracy == pytest.approx(2 / 3)


# -- data-backed: accuracy floor and CLI --------------------------------------------------------
@pytest.mark.data
def test_dev_accuracy_floor(shared_data):
    """The shipped model on 1,500 Moroccan dev pairs: a worse model fails here."""
    from awal.normalize import normalize
    from awal.translit.darija.train import read_pairs

    rows = [r for r in read_pairs(shared_data, "dev") if r[0] == "ary"][::9]
    t0 = time.perf_counter()
    hyps = [darija.to_arabic(r[2]) for r in rows]
    assert time.perf_counter() - t0 < 40
    scores = score_corpus(hyps, [r[3] for r in rows], lambda t: normalize(t, profile="search"))
    assert scores.word_accuracy >= 0.91, scores
    assert scores.cer <= 0.03, scores
    back = [darija.to_latin(r[3]) for r in rows[:200]]
    rscores = score_corpus(back, [r[2] for r in rows[:200]], lambda t: normalize(t, profile="search"))
    assert rscores.word_accuracy >= 0.65, rscores


@pytest.mark.data
def test_cli_evaluate_and_refuses_train_split(shared_data, tmp_path):
    report = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "awal", "translit", "evaluate", "--data", str(shared_data), "--variety", "mey",
         "--direction", "to_arabic", "--no-speed", "--report", str(report)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["split"] == "dev"
    assert 0.0 < data["results"]["mey"]["to_arabic"]["norm"]["word_accuracy"] <= 1.0
    assert "mey" in proc.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "awal", "translit", "evaluate", "--split", "train", "--data", str(shared_data)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2


def test_cli_train_without_data_is_a_domain_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "awal", "translit", "train", "--data", str(tmp_path), "--out", str(tmp_path / "m")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "translit" in proc.stderr and "Traceback" not in proc.stderr


def test_evaluate_refuses_training_split(tmp_path):
    from awal.translit.darija.evaluate import evaluate

    with pytest.raises(DataError):
        evaluate(tmp_path, "train")


def test_cli_n_best_jsonl():
    cmd = [sys.executable, "-m", "awal", "translit", "--from", "Latn", "--to", "Arab", "--n-best", "2"]
    proc = subprocess.run(
        [*cmd, "--format", "jsonl"], input="3afak bghit\nsalam 2024\n", capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 2
    first = records[0]["n_best"]
    assert [w["word"] for w in first] == ["3afak", "bghit"]
    assert all(1 <= len(w["candidates"]) <= 2 for w in first)
    scores = [c["score"] for c in first[0]["candidates"]]
    assert scores == sorted(scores, reverse=True)
    assert [w["word"] for w in records[1]["n_best"]] == ["salam"]  # the number has no candidates
    bad = subprocess.run(cmd, input="3afak\n", capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "jsonl" in bad.stderr


# -- fast greedy decoding = the reference beam search with one hypothesis --------------------
_ARABIZI = "abcdefghijklmnopqrstuvwxyz23579STD"
_ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءةىڭ" + "\u0651"


def _decoders_agree(variety: str, word: str, forward: bool) -> None:
    from awal.translit.darija._store import load_bundle
    from awal.translit.darija._text import arabic_units

    model = load_bundle().variety(variety)
    seq = word if forward else arabic_units(word)
    assert model._greedy(seq, forward) == model._decode(seq, forward, 1)


@pytest.mark.parametrize("variety", ["ary", "mey", "aeb"])
def test_greedy_matches_beam_search_on_everyday_words(variety):
    for word in ["wach", "3afak", "mzyan", "kaySddro", "khkhay", "l9ahwa", "bghit", "nchri", "inchallah", "ouahed"]:
        _decoders_agree(variety, word, True)
    for word in ["واش", "عافاك", "مزيان", "القهوة", "بغيت", "شدّ", "كيتسنّاو", "ء"]:
        _decoders_agree(variety, word, False)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ARABIZI, min_size=1, max_size=12), st.sampled_from(["ary", "mey", "aeb"]))
def test_greedy_matches_beam_search_latin(word, variety):
    _decoders_agree(variety, word, True)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ARABIC_LETTERS, min_size=1, max_size=10), st.sampled_from(["ary", "mey", "aeb"]))
def test_greedy_matches_beam_search_arabic(word, variety):
    from awal.translit.darija._text import arabic_units

    if arabic_units(word):
        _decoders_agree(variety, word, False)
