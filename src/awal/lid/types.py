"""Result types of language identification: small, typed, frozen."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from awal.languages import Label

__all__ = ["Decision", "Prediction", "Reason", "Span"]


@dataclass(frozen=True)
class Prediction:
    """A label and the model's probability for it (over the labels considered)."""

    label: Label
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label.value, "confidence": round(self.confidence, 4)}


class Reason(str, Enum):
    """Why a :class:`Decision` came out as it did."""

    #: the top label reached its threshold
    CONFIDENT = "confident"
    #: no single Amazigh variety was confident, but Amazigh as a whole was: answered ``ber_<script>``
    GROUP = "group"
    #: the top label stayed below its threshold: abstained
    BELOW_THRESHOLD = "below_threshold"
    #: digits, emoji, URLs, punctuation only: answered ``und``
    NO_LINGUISTIC_CONTENT = "no_linguistic_content"
    #: most letters are in a script no model covers (Cyrillic, Han, ...): abstained
    UNSUPPORTED_SCRIPT = "unsupported_script"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Decision:
    """The full answer for one text: what was decided, the ranking behind it, and why.

    ``prediction`` is ``None`` when the detector abstains (``reason`` says why);
    ``alternatives`` are the best candidates, probabilities over the labels considered.
    """

    prediction: Prediction | None
    alternatives: tuple[Prediction, ...]
    reason: Reason

    @property
    def label(self) -> Label | None:
        return None if self.prediction is None else self.prediction.label

    def to_dict(self) -> dict[str, object]:
        p = self.prediction
        return {
            "label": None if p is None else p.label.value,
            "confidence": None if p is None else round(p.confidence, 4),
            "reason": self.reason.value,
            "alternatives": [a.to_dict() for a in self.alternatives],
        }


@dataclass(frozen=True)
class Span:
    """A stretch of one language: ``text[start:end]`` of the *original* string.

    ``label`` is ``None`` for words in a script no model covers; ``confidence`` is the
    mean probability of ``label`` over the span's words.
    """

    start: int
    end: int
    label: Label | None
    confidence: float

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "label": None if self.label is None else self.label.value,
            "confidence": round(self.confidence, 4),
        }
