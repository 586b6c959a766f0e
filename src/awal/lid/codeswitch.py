"""Synthetic code-switched text, and word-level scoring of :meth:`Detector.segment`.

No labelled Darija code-switching corpus exists, so one is made from the monolingual
corpora the way Moroccans write: a Darija sentence (the *matrix*) receives one or two
phrases of 1-4 words cut at word boundaries from a sentence of another language:

* Darija in Latin letters gets French (60%), English (25%) or Spanish (15%) phrases;
* Darija in Arabic script gets MSA phrases (55%) or French phrases in Latin letters
  (45%, as in ``بغيت نقاد la carte nationale``).

Phrases are inserted at a random word boundary of the matrix sentence, which is first
cut to at most 14 words so the inserted phrase is a real share of it. Every token keeps
the label of the sentence it came from. Built from ``train`` rows the corpus trains and
tunes; built from ``dev`` rows it evaluates (see :func:`score_segments`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from awal.errors import DataError
from awal.languages import Label
from awal.lid._text import WORD_RE
from awal.lid.types import Span

__all__ = ["CodeSwitched", "read_gold", "score_segments", "synthesize", "token_labels"]

_DONORS: dict[Label, tuple[tuple[Label, float], ...]] = {
    Label.ary_Latn: ((Label.fra_Latn, 0.60), (Label.eng_Latn, 0.25), (Label.spa_Latn, 0.15)),
    Label.ary_Arab: ((Label.arb_Arab, 0.55), (Label.fra_Latn, 0.45)),
}
_MAX_MATRIX_WORDS = 14


@dataclass(frozen=True)
class CodeSwitched:
    """A sentence and one label per whitespace-separated token."""

    text: str
    labels: tuple[Label, ...]

    @property
    def matrix(self) -> Label:
        """The label of most tokens (the sentence's main language)."""
        return max(set(self.labels), key=self.labels.count)


def synthesize(
    rows_by_label: Mapping[Label, Sequence[str]], n: int, seed: int = 0, matrices: Iterable[Label] | None = None
) -> list[CodeSwitched]:
    """``n`` code-switched sentences built from monolingual texts (see module doc)."""
    rng = random.Random(seed)
    mats = [m for m in (matrices or _DONORS) if rows_by_label.get(m)]
    if not mats:
        raise DataError("code-switching synthesis needs ary_Latn or ary_Arab sentences")
    out: list[CodeSwitched] = []
    while len(out) < n:
        matrix = rng.choice(mats)
        words = rng.choice(rows_by_label[matrix]).split()
        if len(words) < 2:
            continue
        if len(words) > _MAX_MATRIX_WORDS:
            start = rng.randrange(len(words) - _MAX_MATRIX_WORDS + 1)
            words = words[start : start + _MAX_MATRIX_WORDS]
        tokens: list[tuple[str, Label]] = [(w, matrix) for w in words]
        for _ in range(rng.choice((1, 1, 2))):
            donors = [d for d in _DONORS[matrix] if rows_by_label.get(d[0])]
            donor = rng.choices([d[0] for d in donors], weights=[d[1] for d in donors])[0]
            dwords = rng.choice(rows_by_label[donor]).split()
            dwords = [w.strip('.,;:!?"()«»') for w in dwords]
            dwords = [w for w in dwords if w]
            if not dwords:
                continue
            length = min(len(dwords), rng.choice((1, 2, 2, 3, 3, 4)))
            ds = rng.randrange(len(dwords) - length + 1)
            phrase = [(w, donor) for w in dwords[ds : ds + length]]
            at = rng.randrange(1, len(tokens) + 1)
            tokens[at:at] = phrase
        if len({lab for _, lab in tokens}) < 2:
            continue
        out.append(CodeSwitched(" ".join(w for w, _ in tokens), tuple(lab for _, lab in tokens)))
    return out


def read_gold(path: str | Path) -> list[CodeSwitched]:
    """A ``text<TAB>labels`` file (labels space-separated, one per whitespace token); ``#`` lines are comments."""
    out: list[CodeSwitched] = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise DataError(f"{path}:{lineno}: expected text<TAB>labels")
        text, labs = parts
        labels = tuple(Label.from_str(x) for x in labs.split())
        if len(labels) != len(text.split()):
            raise DataError(f"{path}:{lineno}: {len(text.split())} tokens but {len(labels)} labels")
        out.append(CodeSwitched(text, labels))
    return out


def token_labels(text: str, spans: Sequence[Span]) -> list[Label | None]:
    """The label each whitespace token of ``text`` gets from ``spans`` (``None``: no span covers it)."""
    out: list[Label | None] = []
    pos = 0
    for tok in text.split():
        start = text.index(tok, pos)
        pos = start + len(tok)
        m = WORD_RE.search(text, start, pos)
        anchor = m.start() if m else start
        out.append(next((sp.label for sp in spans if sp.start <= anchor < sp.end), None))
    return out


def _runs(labels: Sequence[Label | None]) -> set[tuple[int, int, Label | None]]:
    runs: set[tuple[int, int, Label | None]] = set()
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.add((start, i, labels[start]))
            start = i
    return runs


def score_segments(
    examples: Sequence[CodeSwitched], segment: Callable[[str], Sequence[Span]]
) -> dict[str, float | int]:
    """Word-level accuracy and exact-match span F1 of ``segment`` on gold examples.

    Only tokens with a letter are scored. A span is a maximal run of tokens with one
    label; a predicted span counts when its first token, last token and label all match.
    """
    correct = total = tp = n_pred = n_gold = 0
    for ex in examples:
        pred = token_labels(ex.text, segment(ex.text))
        keep = [i for i, tok in enumerate(ex.text.split()) if any(c.isalpha() for c in tok)]
        gold_l = [ex.labels[i] for i in keep]
        pred_l = [pred[i] for i in keep]
        correct += sum(g == p for g, p in zip(gold_l, pred_l, strict=True))
        total += len(keep)
        g_runs, p_runs = _runs(gold_l), _runs(pred_l)
        tp += len(g_runs & p_runs)
        n_pred += len(p_runs)
        n_gold += len(g_runs)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": len(examples),
        "words": total,
        "word_accuracy": correct / total if total else 0.0,
        "span_precision": precision,
        "span_recall": recall,
        "span_f1": f1,
    }
