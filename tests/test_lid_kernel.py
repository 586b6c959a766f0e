"""The compiled language-ID kernel (awal.lid._kernel) gives exactly the numpy/Python engine's integers.

The kernel replaces cleaning + hashing + row sums; everything after the sums is shared, so equal
sums mean equal answers. References: :func:`awal.lid.engine.features_one` (one text, plain
Python) and :func:`encode_batch` + :func:`features` + ``Engine._lane_sums`` (the numpy batch).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awal import lid
from awal.lid import engine as E

pytestmark = pytest.mark.skipif(not E.ACCELERATED, reason="compiled kernel disabled ($AWAL_LID_PURE) or not built")


def test_kernel_is_used_when_built() -> None:
    assert E.ACCELERATED is (os.environ.get("AWAL_LID_PURE", "") in ("", "0"))
    if os.environ.get("CI"):  # CI installs with a C compiler: the extension must have been built
        assert E.ACCELERATED


@pytest.fixture(scope="module")
def engine() -> E.Engine:
    return lid.load("full")._model.engine


def _reference_one(eng: E.Engine, text: str) -> tuple[list[int], list[int]]:
    counts, buckets = E.features_one(text, eng.config)
    rows = np.take(eng._table, np.array(buckets, dtype=np.intp)).view(np.uint8).reshape(-1, E.LANES)
    return counts, rows.sum(axis=0, dtype=np.int64).tolist()


def _reference_batch(eng: E.Engine, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    b = E.encode_batch(texts)
    cidx, widx, wstarts = E.features(b, eng.config)
    return b.counts, eng._lane_sums(cidx, b.starts, b.n) + eng._lane_sums(widx, wstarts, b.n)


# text people write, and everything that is not: accents, Arabic, Tifinagh, digits, floods,
# URLs, emoji (beyond the BMP), lone surrogates, controls, newlines
_PIECES = st.one_of(
    st.text(min_size=0, max_size=15),
    st.text(alphabet="abcéèçx3792'’ wach nta", min_size=1, max_size=15),
    st.text(alphabet="سلامعليكمواشبغيتـًُ ٣٤", min_size=1, max_size=15),
    st.text(alphabet="ⴰⵣⵓⵍⵎⴷⵖⵜⴶⵂ", min_size=1, max_size=10),
    st.sampled_from(["https://x.ma/a", "www.hespress.com", "@user_1", "a@b.ma", "2024", "10dh", "zzzzz", "\n", "😂😂"]),
    st.sampled_from(["\ud800", "\udfff", "\u200f", "\x00", "\t", "İ", "ß", "ﷺ", "ی", "ک", "Ω", "中文"]),
)
_TEXTS = st.lists(_PIECES, max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_one_text_equals_features_one(text: str) -> None:
    eng = lid.load("full")._model.engine
    counts, sums = eng.kernel_sums([text])
    ref_counts, ref_sums = _reference_one(eng, text)
    assert counts[0].tolist() == ref_counts
    assert sums[0].tolist() == ref_sums


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=12))
def test_batch_equals_numpy_batch(texts: list[str]) -> None:
    eng = lid.load("full")._model.engine
    counts, sums = eng.kernel_sums(texts)
    ref_counts, ref_sums = _reference_batch(eng, texts)
    assert np.array_equal(sums, ref_sums)
    # letter counts per script class agree; column 0 (blanks) counts separators in the batch path
    assert np.array_equal(counts[:, 1:], ref_counts[:, 1:])


def test_long_text_sums_do_not_wrap(engine: E.Engine) -> None:
    # far more than 256 features: the kernel's 16-bit lanes are flushed before they can overflow
    text = " ".join(["wach nta mzyan bzzzaf 3afak"] * 400 + ["ⴰⵣⵓⵍ"] * 300)
    counts, sums = engine.kernel_sums([text])
    ref_counts, ref_sums = _reference_one(engine, text)
    assert counts[0].tolist() == ref_counts
    assert sums[0].tolist() == ref_sums
    assert sums[0, E.LANES - 1] > 5000  # the known-feature lane really did count past 16 bits' worth of rows


def test_wrong_types_and_buffers_are_refused(engine: E.Engine) -> None:
    from awal.lid import _kernel

    fold, cls = E.tables()
    counts = np.empty((1, E.N_CLASSES), dtype=np.int64)
    sums = np.empty((1, E.LANES), dtype=np.int64)
    c = engine.config
    args = (tuple(c.orders), c.bucket_bits, c.words, c.word_bigrams, engine._table)
    with pytest.raises(TypeError, match="texts\\[0\\] is bytes"):
        _kernel.lane_sums([b"abc"], fold, cls, *args, counts, sums)
    with pytest.raises(ValueError, match="sums"):
        _kernel.lane_sums(["a", "b"], fold, cls, *args, np.empty((2, E.N_CLASSES), dtype=np.int64), sums)
    with pytest.raises(ValueError, match="order"):
        _kernel.lane_sums(["a"], fold, cls, (2, 40), *args[1:], counts, sums)


def test_detector_answers_equal_with_and_without_kernel(engine: E.Engine) -> None:
    texts = [
        "salam, bghit n9ad la carte nationale dyali f la préfecture",
        "واش نتا مزيان؟ عافاك",
        "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ",
        "je suis en retard, désolé",
        "https://example.ma 2024 😂",
        "Привет, как дела?",
    ]
    code = (
        "import json, sys; from awal import lid; from awal.lid import engine as E; "
        "d = lid.load('full'); t = json.loads(sys.stdin.read()); "
        "print(json.dumps([E.ACCELERATED, [[p.label.value, p.confidence] if p else None for p in d.detect_batch(t)], "
        "[[p.label.value, p.confidence] if p else None for p in map(d.detect, t)], "
        "[[s.start, s.end, s.label.value] for s in d.segment(t[0])]]))"
    )
    import json

    outs = []
    for pure in ("0", "1"):
        env = {**os.environ, "AWAL_LID_PURE": pure}
        r = subprocess.run(
            [sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, env=env
        )
        assert r.returncode == 0, r.stderr
        outs.append(json.loads(r.stdout))
    assert outs[0][0] is True and outs[1][0] is False
    assert outs[0][1:] == outs[1][1:]


def test_dev_lines_identical(shared_data) -> None:
    """Every dev line: kernel sums equal to the numpy batch path's."""
    eng = lid.load("full")._model.engine
    with open(shared_data / "lid" / "dev.tsv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        texts = [row[2] for row in reader]
    for a in range(0, len(texts), 4000):
        part = texts[a : a + 4000]
        counts, sums = eng.kernel_sums(part)
        ref_counts, ref_sums = _reference_batch(eng, part)
        assert np.array_equal(sums, ref_sums)
        assert np.array_equal(counts[:, 1:], ref_counts[:, 1:])
