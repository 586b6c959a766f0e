"""Language identification for Morocco's languages: confidence, abstention, code-switching spans.

The one-line API runs on the default shipped model, loaded lazily once per process::

    >>> import awal.lid
    >>> awal.lid.detect("wach nta mzyan? bghit nmchi l souk")
    Prediction(label=<Label.ary_Latn: 'ary_Latn'>, confidence=0.99...)
    >>> awal.lid.segment("salam, bghit n9ad la carte nationale dyali")  # spans with offsets

``detect`` returns ``None`` (abstains) when the best label stays below its threshold;
``labels=[...]`` restricts the answer to a subset (probabilities are renormalised over
it, no retraining); ``load("open")`` gives the model trained on openly licensed data
only. See ``docs/lid.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from awal.languages import Label
from awal.lid.detector import DEFAULT_MODEL, MODEL_NAMES, Detector, SegmentParams, Threshold, load
from awal.lid.types import Decision, Prediction, Reason, Span

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_NAMES",
    "Decision",
    "Detector",
    "Prediction",
    "Reason",
    "SegmentParams",
    "Span",
    "decide",
    "detect",
    "detect_batch",
    "load",
    "rank",
    "segment",
]


def _default() -> Detector:
    return load("default")


def detect(
    text: str, *, labels: Iterable[Label | str] | None = None, threshold: Threshold | None = None
) -> Prediction | None:
    """The language of ``text`` (a :class:`Prediction`), or ``None`` when not confident enough.

    Text without letters (digits, emoji, URLs, punctuation) is ``und``; text in a script
    no model covers (Cyrillic, Han, ...) gets ``None``. ``threshold`` (a probability, or a
    ``{label: probability}`` mapping) overrides the model's documented default.
    """
    return _default().detect(text, labels=labels, threshold=threshold)


def decide(text: str, *, labels: Iterable[Label | str] | None = None, threshold: Threshold | None = None) -> Decision:
    """Prediction or abstention, the best alternatives, and the reason."""
    return _default().decide(text, labels=labels, threshold=threshold)


def detect_batch(
    texts: Sequence[str], *, labels: Iterable[Label | str] | None = None, threshold: Threshold | None = None
) -> list[Prediction | None]:
    """:func:`detect` for many texts (one result per text, same order); much faster than a loop."""
    return _default().detect_batch(texts, labels=labels, threshold=threshold)


def rank(text: str, k: int | None = 5, *, labels: Iterable[Label | str] | None = None) -> list[Prediction]:
    """The ``k`` most likely labels, best first, probabilities summing to 1 (see :meth:`Detector.rank`)."""
    return _default().rank(text, k, labels=labels)


def segment(text: str, *, labels: Iterable[Label | str] | None = None) -> list[Span]:
    """Language spans (start, end, label, confidence) with offsets into ``text`` itself."""
    return _default().segment(text, labels=labels)
