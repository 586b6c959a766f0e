"""The vectorised language-ID engine: normalisation, hashing, packed sums, model files."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal.lid import engine as E

SMALL = E.FeatureConfig(orders=(1, 2, 3, 4, 5), bucket_bits=12)


def _random_engine(config: E.FeatureConfig = SMALL, dim: int = 6, labels: int = 4, seed: int = 0) -> E.Engine:
    rng = np.random.default_rng(seed)
    nb = config.buckets
    rows = np.sort(rng.choice(nb, size=nb // 2, replace=False)).astype(np.uint32)
    q, lo, step = E.quantise(rng.standard_normal((rows.size, dim)).astype(np.float32))
    return E.Engine(config, rows, q, lo, step, rng.standard_normal(dim), rng.standard_normal((labels, dim)))


def _bag(text: str, config: E.FeatureConfig = SMALL) -> list[int]:
    """Sorted feature buckets of one text (the zero row excluded)."""
    batch = E.encode_batch([text])
    cidx, widx, _ = E.features(batch, config)
    ids = np.concatenate([cidx[:, batch.starts[0] :].ravel(), widx.ravel()])
    return sorted(int(x) for x in ids if x < config.buckets)


# -- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Salam Khoya", "salam khoya"),  # case
        ("bzzzzzaf", "bzzaf"),  # letter floods cut to two
        ("كِتَابٌ", "كتاب"),  # harakat
        ("كتـــاب", "كتاب"),  # tatweel
        ("salam 2024 !!!", "salam"),  # numbers and punctuation
        ("  salam   khoya  ", "salam khoya"),  # spaces
        ("salam https://x.ma/a?b=1 khoya", "salam khoya"),  # URLs
        ("salam @someone khoya", "salam khoya"),  # mentions
        ("salam 😀🎉 khoya", "salam khoya"),  # emoji (outside the BMP)
        ("ڪیف", "ڪيف"),  # Persian yeh folded to Arabic yeh
        ("l’eau", "l'eau"),  # typographic apostrophe
    ],
)
def test_normalisation_equivalences(a: str, b: str) -> None:
    assert _bag(a) == _bag(b)


def test_arabizi_digits_stay_inside_words() -> None:
    assert _bag("3afak") != _bag("afak")
    assert _bag("n9ad") != _bag("nad")


def test_script_counts_and_rules() -> None:
    batch = E.encode_batch(["salam", "واش", "ⵜⴰⵎⴰ", "Привет", "123 :) 😀", "", "ok Привет мир"])
    c = batch.counts
    assert c[0, E.CLS_LATN] == 5 and c[0, E.CLS_ARAB] == 0
    assert c[1, E.CLS_ARAB] == 3
    assert c[2, E.CLS_TFNG] == 4
    assert c[3, E.CLS_OTHER] == 6
    letters = c[:, [E.CLS_LATN, E.CLS_ARAB, E.CLS_TFNG, E.CLS_OTHER]].sum(axis=1)
    assert letters[4] == 0 and letters[5] == 0
    a = E.analyse(_random_engine(), ["salam", "Привет", "123 :) 😀", "ok Привет мир"], np.array([1, 1, 2, 3]))
    assert a.no_letters.tolist() == [False, False, True, False]
    assert a.uncovered.tolist() == [False, True, False, True]


def test_script_mask_zeroes_labels_of_absent_scripts() -> None:
    a = E.analyse(_random_engine(), ["salam khoya", "واش كاين"], np.array([E.CLS_LATN, E.CLS_ARAB, E.CLS_ARAB, 3]))
    assert a.probs[0, 1:].sum() == 0 and a.probs[0, 0] > 0
    assert a.probs[1, 0] == 0 and a.probs[1, 3] == 0 and a.probs[1, 1:3].sum() > 0


# -- hashing and sums ---------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.sampled_from(list("abz3 9'-.\n\t") + list("واشكين ") + list("ⵜⴰⵎ") + ["é", "😀", "\u064e", "\ud800"]),
    max_size=120,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=12))
def test_a_text_scores_the_same_alone_and_in_any_batch(texts: list[str]) -> None:
    eng = _random_engine()
    together = eng.probabilities(E.encode_batch(texts))
    assert together.shape == (len(texts), 4)
    np.testing.assert_allclose(together.sum(axis=1), 1.0, rtol=1e-9)
    for i, t in enumerate(texts):
        alone = eng.probabilities(E.encode_batch([t]))
        assert together[i].tolist() == alone[0].tolist()  # bit for bit


def test_packed_lane_sums_are_exact_for_short_and_long_texts() -> None:
    eng = _random_engine()
    rng = np.random.default_rng(3)
    words = ["salam", "bghit", "nchri", "واش", "كاين", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "voiture"]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(0, 160)))) for _ in range(80)]
    batch = E.encode_batch(texts)
    cidx, _, _ = E.features(batch, SMALL)
    got = eng._lane_sums(cidx, batch.starts, batch.n)
    lanes = eng._table[cidx].view(np.uint8).reshape(cidx.shape[0], -1, E.LANES).astype(np.int64).sum(axis=0)
    ends = [*batch.starts[1:].tolist(), cidx.shape[1]]
    want = np.array([lanes[s:e].sum(axis=0) for s, e in zip(batch.starts.tolist(), ends, strict=True)])
    assert (np.diff(np.array([*batch.starts.tolist(), cidx.shape[1]])) > 257).any()  # long texts covered
    np.testing.assert_array_equal(got, want)


def test_ngrams_do_not_cross_text_boundaries() -> None:
    batch = E.encode_batch(["ab xy", "cd"])
    cidx, widx, _ = E.features(batch, SMALL)
    ids = np.concatenate([cidx[:, batch.starts[0] :].ravel(), widx.ravel()])
    together = sorted(int(x) for x in ids if x < SMALL.buckets)
    assert together == sorted(_bag("ab xy") + _bag("cd"))
    assert together != sorted(_bag("ab xy cd"))


def test_quantise_error_is_at_most_half_a_step() -> None:
    v = np.random.default_rng(1).standard_normal((500, 7)).astype(np.float32) * 3
    q, lo, step = E.quantise(v)
    assert q.dtype == np.uint8 and int(q.max()) <= E.LEVELS
    assert np.abs(lo + step * q - v).max() <= step.max() / 2 + 1e-5


def test_engine_rejects_inconsistent_arrays() -> None:
    rng = np.random.default_rng(0)
    q, lo, step = E.quantise(rng.standard_normal((3, 4)).astype(np.float32))
    rows = np.array([1, 2, 3], dtype=np.uint32)
    with pytest.raises(ValueError, match="out of range"):
        E.Engine(SMALL, np.array([1, 2, SMALL.buckets], dtype=np.uint32), q, lo, step, np.zeros(4), np.zeros((2, 4)))
    with pytest.raises(ValueError):
        E.Engine(SMALL, rows, q, lo, step, np.zeros(5), np.zeros((2, 5)))


# -- model files ----------------------------------------------------------------------------------


def _write_model(folder: Path, name: str = "tiny") -> Path:
    eng_rng = np.random.default_rng(5)
    rows = np.arange(0, SMALL.buckets, 3, dtype=np.uint32)
    E.save_npz(
        folder / f"{name}.npz",
        rows,
        eng_rng.standard_normal((rows.size, 6)).astype(np.float32),
        eng_rng.standard_normal(6),
        eng_rng.standard_normal((3, 6)),
    )
    manifest = {
        "format_version": 1,
        "name": name,
        "engine": E.ENGINE_FORMAT,
        "model_file": f"{name}.npz",
        "sha256": hashlib.sha256((folder / f"{name}.npz").read_bytes()).hexdigest(),
        "labels": ["ary_Arab", "ary_Latn", "zgh_Tfng"],
        "features": SMALL.to_dict(),
        "thresholds": {"default": 0.5, "per_label": {}},
        "segment": {"word_weight": 0.5, "switch_cost": 2.0},
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


def test_model_file_roundtrip_and_integrity(tmp_path: Path) -> None:
    from awal.errors import ModelError
    from awal.lid.detector import SegmentParams

    path = _write_model(tmp_path)
    manifest = json.loads(path.read_text(encoding="utf-8"))
    model = E.HashedModel(path, "tiny", manifest, SegmentParams)
    a = model.analyse(["salam", "واش", "ⵜⴰⵎⴰ"])
    assert a.probs.argmax(axis=1).tolist() == [1, 0, 2]  # the script mask alone decides here
    with np.load(tmp_path / "tiny.npz", allow_pickle=False) as z:
        assert sorted(z.files) == sorted(["rows", "q", "lo", "step", "eos", "output"])
    # a flipped byte: caught by the sha256
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(tmp_path / "tiny.npz", bad / "tiny.npz")
    data = bytearray((bad / "tiny.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (bad / "tiny.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="corrupt"):
        E.HashedModel(bad / "tiny.json", "bad", manifest, SegmentParams)
    # a file that matches its (re-computed) sha256 but is not a model
    (bad / "tiny.npz").write_bytes(b"not a zip file")
    forged = {**manifest, "sha256": hashlib.sha256(b"not a zip file").hexdigest()}
    with pytest.raises(ModelError, match="not a usable"):
        E.HashedModel(bad / "tiny.json", "bad", forged, SegmentParams)
    # labels that do not fit the output matrix
    wrong = {**manifest, "labels": ["ary_Arab", "ary_Latn"]}
    with pytest.raises(ModelError, match="not a usable"):
        E.HashedModel(path, "tiny", wrong, SegmentParams)


def test_chunked_analysis_equals_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    eng = _random_engine()
    scripts = np.array([E.CLS_LATN, E.CLS_ARAB, E.CLS_ARAB, E.CLS_TFNG])
    rng = np.random.default_rng(9)
    words = ["salam", "واش", "ⵜⴰⵎⴰ", "123", "😀", "Привет"]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(0, 9)))) for _ in range(300)]
    whole = E.analyse(eng, texts, scripts)
    monkeypatch.setattr(E, "CHUNK_CHARS", 100)
    chunked = E.analyse(eng, texts, scripts)
    np.testing.assert_allclose(chunked.probs, whole.probs, rtol=1e-12)
    assert chunked.no_letters.tolist() == whole.no_letters.tolist()
    assert chunked.uncovered.tolist() == whole.uncovered.tolist()


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_one_text_python_path_equals_the_batch_path(text: str) -> None:
    eng = _random_engine()
    counts, buckets = E.features_one(text, SMALL)
    batch = E.encode_batch([text])
    assert counts == batch.counts[0].tolist()
    cidx, widx, _ = E.features(batch, SMALL)
    ids = np.concatenate([cidx[:, batch.starts[0] :].ravel(), widx.ravel()])
    assert sorted(buckets) == sorted(int(x) for x in ids if x < SMALL.buckets)
    assert eng.probabilities_one(buckets).tolist() == eng.probabilities(batch).tolist()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123",
        "bzzzzzaf 3afak",
        "Salam, l'eau!! https://x.ma @me 😀",
        "كِتَـــابٌ ⵜⴰⵎⴰ",
        "a\nb",
        "  x  y  ",
        "'''",
        "x''1 22a",
    ],
)
def test_one_text_python_path_examples(text: str) -> None:
    batch = E.encode_batch([text])
    counts, buckets = E.features_one(text, E.FeatureConfig())
    cidx, widx, _ = E.features(batch, E.FeatureConfig())
    ids = np.concatenate([cidx[:, batch.starts[0] :].ravel(), widx.ravel()])
    assert counts == batch.counts[0].tolist()
    assert sorted(buckets) == sorted(int(x) for x in ids if x < E.FeatureConfig().buckets)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.integers(0, 3))
def test_python_float_path_equals_the_array_path(text: str, seed: int) -> None:
    eng = _random_engine(seed=seed)
    _, buckets = E.features_one(text, SMALL)
    expected = eng.probabilities(E.encode_batch([text]))[0]
    got = eng.probabilities_py(buckets)
    assert len(got) == expected.size
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert math.isclose(sum(got), 1.0, rel_tol=1e-12)
