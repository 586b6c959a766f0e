"""Metric code of the Darija transliteration benchmark (benchmarks/translit/metrics.py)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "translit" / "metrics.py"
_spec = importlib.util.spec_from_file_location("bench_translit_metrics", _PATH)
assert _spec is not None and _spec.loader is not None
metrics = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = metrics
_spec.loader.exec_module(metrics)

# Small alphabets make collisions (and so interesting alignments) likely.
_chars = st.text(alphabet="abعشا ", max_size=40)
_words = st.lists(st.sampled_from(["wach", "واش", "bzaf", "بزاف", "x"]), max_size=7)


def _brute_force_alignment(hyp: list[str], ref: list[str]) -> tuple[int, int]:
    """(min edits, max hits among min-edit alignments) by enumerating every alignment path."""
    best: tuple[int, int] | None = None

    def walk(i: int, j: int, edits: int, hits: int) -> None:
        nonlocal best
        if i == len(ref) and j == len(hyp):
            key = (edits, -hits)
            if best is None or key < best:
                best = key
            return
        if i < len(ref) and j < len(hyp):
            same = ref[i] == hyp[j]
            walk(i + 1, j + 1, edits + (not same), hits + same)
        if i < len(ref):
            walk(i + 1, j, edits + 1, hits)
        if j < len(hyp):
            walk(i, j + 1, edits + 1, hits)

    walk(0, 0, 0, 0)
    assert best is not None
    return best[0], -best[1]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
        ("واش", "وش", 1),
        ("الله", "ألاه", 2),
    ],
)
def test_char_distance_known_values(a: str, b: str, expected: int) -> None:
    assert metrics.char_distance(a, b) == expected
    assert metrics.char_distance(b, a) == expected
    assert metrics.levenshtein(a, b) == expected


@given(_chars, _chars)
def test_bit_parallel_distance_equals_dynamic_programme(a: str, b: str) -> None:
    assert metrics.char_distance(a, b) == metrics.levenshtein(a, b)


def test_bit_parallel_distance_long_strings() -> None:
    # longer than any machine word: the Python big-int bit vector must carry across 64 bits
    a = "wach nta mzyan " * 20
    b = "wach nti mzyana " * 19
    assert metrics.char_distance(a, b) == metrics.levenshtein(a, b)


def test_alignment_skips_a_missing_word_instead_of_shifting() -> None:
    al = metrics.align_words(["b", "c", "d"], ["a", "b", "c"])
    assert (al.hits, al.substitutions, al.deletions, al.insertions) == (2, 0, 1, 1)


def test_alignment_split_word() -> None:
    # "ان شاء الله" written as one word: one substitution and two deletions
    al = metrics.align_words(["غدا", "نشوفك", "انشالله"], ["غدا", "نشوفك", "ان", "شاء", "الله"])
    assert al.hits == 2
    assert al.edits == 3


@given(_words, _words)
def test_alignment_is_minimal_and_maximises_hits(hyp: list[str], ref: list[str]) -> None:
    al = metrics.align_words(hyp, ref)
    edits, hits = _brute_force_alignment(hyp, ref)
    assert al.edits == edits == metrics.levenshtein(hyp, ref)
    assert al.hits == hits
    # bookkeeping: every reference word is a hit, a substitution or a deletion
    assert al.hits + al.substitutions + al.deletions == len(ref)
    assert al.hits + al.substitutions + al.insertions == len(hyp)


def test_score_corpus_hand_computed() -> None:
    refs = ["واش نتا مزيان", "الله يحفظك", "بزاف"]
    hyps = ["واش نتا مزيان", "ألاه يحفظك", "بزاااف زوين"]
    s = metrics.score_corpus(hyps, refs)
    assert s.sentences == 3
    assert s.exact_count == 1
    assert s.exact == pytest.approx(1 / 3)
    # hits 3 + 1 + 0 over slots 3 + 2 + max(1, 2)
    assert (s.hits, s.word_slots) == (4, 7)
    assert s.word_accuracy == pytest.approx(4 / 7)
    # word edits 0 + 1 + 2 (sub + ins) over 6 reference words
    assert s.wer == pytest.approx(3 / 6)
    # char edits: 0 + 2 + (2 deletions of ا + " زوين" inserted = 2 + 5)
    assert s.char_edits == 0 + 2 + 7
    assert s.ref_chars == sum(map(len, refs))
    assert s.cer == pytest.approx(9 / sum(map(len, refs)))


def test_score_corpus_normaliser_applies_to_both_sides() -> None:
    def fold(text: str) -> str:
        return text.replace("أ", "ا").replace("؟", "?")

    s = metrics.score_corpus(["أنا هنا؟"], ["انا هنا?"], normalizer=fold)
    assert s.exact == 1.0
    assert s.cer == 0.0
    assert metrics.score_corpus(["أنا هنا؟"], ["انا هنا?"]).exact == 0.0


def test_score_corpus_rejects_length_mismatch() -> None:
    with pytest.raises(ValueError, match="one per input"):
        metrics.score_corpus(["a"], ["a", "b"])


@given(st.lists(st.tuples(_chars, _chars), min_size=1, max_size=8))
def test_score_corpus_bounds(pairs: list[tuple[str, str]]) -> None:
    hyps = [h for h, _ in pairs]
    refs = [r for _, r in pairs]
    s = metrics.score_corpus(hyps, refs)
    assert 0.0 <= s.word_accuracy <= 1.0
    assert 0.0 <= s.exact <= 1.0
    assert s.cer >= 0.0
    perfect = metrics.score_corpus(refs, refs)
    assert perfect.word_accuracy == 1.0
    assert perfect.exact == 1.0
    assert perfect.char_edits == 0


def test_every_pair_of_short_strings_matches_reference_implementation() -> None:
    alphabet = "ab "
    strings = ["".join(p) for n in range(4) for p in itertools.product(alphabet, repeat=n)]
    for a in strings:
        for b in strings:
            assert metrics.char_distance(a, b) == metrics.levenshtein(a, b), (a, b)
