"""Training helpers of the hashed engine that need no fastText: hashed lines, naive Bayes blend."""

from __future__ import annotations

import numpy as np

from awal.languages import Label
from awal.lid import engine as E
from awal.lid.train_engine import blend_naive_bayes, hashed_lines

SMALL = E.FeatureConfig(orders=(2, 3), bucket_bits=10)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def test_hashed_lines_counts_every_emitted_token_under_its_label() -> None:
    examples = [(Label.ary_Latn, "salam khoya"), (Label.fra_Latn, "bonjour"), (Label.ary_Latn, "123 !!")]
    counts = np.zeros((SMALL.buckets, 2), dtype=np.int64)
    text = "".join(hashed_lines(examples, SMALL, max_words=40, counts=counts))
    lines = text.strip("\n").split("\n")
    assert len(lines) == 2  # the line without letters is left out
    per_label = {line.split()[0]: line.split()[1:] for line in lines}
    assert counts[:, 0].sum() == len(per_label["__label__ary_Latn"])
    assert counts[:, 1].sum() == len(per_label["__label__fra_Latn"])
    for tok in per_label["__label__fra_Latn"]:
        assert counts[int(tok, 16), 1] > 0


def _arrays(rng: np.random.Generator, n_rows: int = 50, dim: int = 4, labels: int = 5) -> dict[str, np.ndarray]:
    return {
        "rows": np.sort(rng.choice(SMALL.buckets, n_rows, replace=False)).astype(np.uint32),
        "vectors": rng.standard_normal((n_rows, dim)).astype(np.float32),
        "eos": rng.standard_normal(dim).astype(np.float32),
        "output": rng.standard_normal((labels, dim)).astype(np.float32),
        "labels": np.array([f"l{i}" for i in range(labels)]),
    }


def test_blend_at_full_rank_is_fasttext_plus_naive_bayes() -> None:
    rng = np.random.default_rng(3)
    arrays = _arrays(rng)
    counts = rng.integers(0, 20, size=(SMALL.buckets, 5))
    x = rng.random((7, 50))  # per text: mean weight of each bucket row
    base = (x @ arrays["vectors"].astype(np.float64) + arrays["eos"]) @ arrays["output"].T.astype(np.float64)
    same = blend_naive_bayes(arrays, counts, weight=0.0, alpha=0.1, dim=5)
    got = (x @ same["vectors"].astype(np.float64) + same["eos"]) @ same["output"].T.astype(np.float64)
    assert np.allclose(_softmax(got), _softmax(base), atol=1e-5)
    blended = blend_naive_bayes(arrays, counts, weight=2.0, alpha=0.1, dim=5)
    c = counts.astype(np.float64)
    logp = np.log((c + 0.1) / (c.sum(axis=0) + 0.1 * c.shape[0]))[arrays["rows"].astype(np.intp)]
    want = base + 2.0 * (x @ logp)
    got = (x @ blended["vectors"].astype(np.float64) + blended["eos"]) @ blended["output"].T.astype(np.float64)
    assert np.allclose(_softmax(got), _softmax(want), atol=1e-4)


def test_blend_projects_to_the_engine_vector_size() -> None:
    rng = np.random.default_rng(4)
    arrays = _arrays(rng, dim=4, labels=6)
    out = blend_naive_bayes(arrays, rng.integers(0, 9, size=(SMALL.buckets, 6)), weight=1.0, alpha=0.03, dim=3)
    assert out["vectors"].shape == (50, 3) and out["eos"].shape == (3,) and out["output"].shape == (6, 3)
    basis = out["output"].astype(np.float64)
    assert np.allclose(basis.T @ basis, np.eye(3), atol=1e-5)  # orthonormal directions
    assert (out["rows"] == arrays["rows"]).all()
