"""The language detector: model loading, decisions, abstention, ranking and segmentation.

The shipped models are hashed-feature softmax classifiers (character 2-5-grams, words, word
bigrams) in ``awal/lid/models/`` as ``<name>.npz`` next to a ``<name>.json`` manifest, run by
the vectorised numpy engine :mod:`awal.lid.engine` (:class:`~awal.lid.engine.HashedModel`).
Models trained with ``awal lid train --engine fasttext`` (``<name>.ftz``) are still read, through
the predict-only ``fasttext-predict`` binding (the optional ``lid`` extra). A corrupt or tampered
model file is caught by its sha256 before it is read.

Rules that run before the model, because no model should guess there:

* text with no letter once URLs, e-mail addresses, @mentions, emoji, symbols and
  numbers are removed is ``und`` (no linguistic content), confidence 1;
* text whose letters are mostly in a script no model covers (Cyrillic, Greek, Hebrew,
  Han, ...) gets no answer (``Reason.UNSUPPORTED_SCRIPT``), never a wrong one.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from awal.errors import InputTypeError, MissingExtraError, ModelError, UnknownLabelError, UnknownNameError, ensure_text
from awal.languages import Group, Label, Script
from awal.lid._text import SCRIPT_RES, WORD_RE, has_letter, prepare_batch, scripts_in, uncovered_script
from awal.lid.engine import ENGINE_FORMAT, HashedModel
from awal.lid.types import Decision, Prediction, Reason, Span
from awal.scripts import char_script

__all__ = [
    "DEFAULT_THRESHOLD",
    "FORMAT_VERSION",
    "MODEL_NAMES",
    "Detector",
    "load",
]

#: manifest format understood by this version of awal
FORMAT_VERSION = 1
#: shipped models; ``default`` is an alias (see :data:`DEFAULT_MODEL`)
MODEL_NAMES: tuple[str, ...] = ("full", "open")
#: the model ``load()`` and the module-level functions use
DEFAULT_MODEL = "full"
#: probability under which ``detect`` abstains when the manifest does not say otherwise
DEFAULT_THRESHOLD = 0.5
_PREFIX = "__label__"
_UND = Prediction(Label.und, 1.0)
_UND_DECISION = Decision(_UND, (_UND,), Reason.NO_LINGUISTIC_CONTENT)
_UNSUPPORTED = Decision(None, (), Reason.UNSUPPORTED_SCRIPT)

#: languages Moroccan writers switch into inside a sentence (always candidates when segmenting)
_SWITCH_INTO = frozenset(
    {Label.fra_Latn, Label.eng_Latn, Label.spa_Latn, Label.arb_Arab, Label.ary_Arab, Label.ary_Latn}
)
_GROUP_LABEL = {Script.Latn: Label.ber_Latn, Script.Tfng: Label.ber_Tfng, Script.Arab: Label.ber_Arab}


def _fasttext() -> Any:
    try:
        import fasttext  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError("fasttext-predict", "lid") from None
    return fasttext


@dataclass(frozen=True)
class SegmentParams:
    """How words are scored when segmenting (see :meth:`Detector.segment`)."""

    #: weight of the word's own distribution against its 3-word context window
    word_weight: float = 0.5
    #: log-probability cost of switching language between two words
    switch_cost: float = 2.0


class _Model:
    """A loaded fastText model with its manifest; shared by every Detector built on it."""

    def __init__(self, manifest_path: Path, name: str) -> None:
        self.name = name
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read model manifest {manifest_path}: {exc}") from None
        if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"{manifest_path}: unsupported manifest (format_version {manifest.get('format_version') if isinstance(manifest, dict) else '?'}, "
                f"this awal reads {FORMAT_VERSION}); retrain with 'awal lid train' or upgrade awal"
            )
        self.manifest: dict[str, Any] = manifest
        weights = manifest_path.parent / str(manifest.get("model_file", ""))
        try:
            data = weights.read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read model file {weights}: {exc.strerror or exc}") from None
        import hashlib

        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest.get("sha256"):
            raise ModelError(
                f"model file {weights} is corrupt or was changed (sha256 {digest[:12]}..., manifest says "
                f"{str(manifest.get('sha256'))[:12]}...); reinstall awal or retrain the model"
            )
        ft = _fasttext()
        try:
            self.ft = ft.FastText._FastText(model_path=str(weights))
            probe = self.ft.f.predict("a\n", -1, 0.0, "strict")
        except Exception as exc:  # fastText raises ValueError/RuntimeError on unreadable files
            raise ModelError(f"fastText could not load {weights}: {exc}") from None
        found = sorted(lab[len(_PREFIX) :] for _, lab in probe)
        if found != sorted(manifest.get("labels", [])):
            raise ModelError(f"{weights}: the model's labels {found} differ from its manifest's")
        self.labels: tuple[Label, ...] = tuple(Label.from_str(x) for x in sorted(found))
        self.by_key: dict[str, Label] = {_PREFIX + lab.value: lab for lab in self.labels}
        self.index: dict[Label, int] = {lab: i for i, lab in enumerate(self.labels)}
        self._script_masks: dict[frozenset[str], np.ndarray] = {}
        self.script_re = {lab: SCRIPT_RES[lab.script.value] for lab in self.labels if lab.script is not None}
        th = manifest.get("thresholds", {})
        self.threshold = float(th.get("default", DEFAULT_THRESHOLD))
        self.label_thresholds = {Label.from_str(k): float(v) for k, v in th.get("per_label", {}).items()}
        seg = manifest.get("segment", {})
        self.segment_params = SegmentParams(**{k: float(v) for k, v in seg.items()})

    def predict(self, prepared: list[str], k: int) -> list[list[tuple[float, str]]]:
        """fastText ``[(probability, "__label__x"), ...]`` (best first) for each prepared line.

        One C++ call per line: fasttext-predict's ``multilinePredict`` drops the
        probabilities, and the per-call overhead is small next to the n-gram lookups.
        """
        f = self.ft.f.predict
        return [f(p + "\n", k, 0.0, "strict") for p in prepared]

    def script_masked(self, dists: np.ndarray, prepared: list[str]) -> np.ndarray:
        """Zero the labels written in a script absent from the text.

        Some training corpora keep foreign words in another script (Tunisian CODA lines
        with French in Latin letters), so without this a French phrase could come out as
        ``aeb_Arab``. A row left with no mass keeps the model's distribution.
        """
        out = dists.copy()
        for i, p in enumerate(prepared):
            present = scripts_in(p)
            mask = self._script_masks.get(present)
            if mask is None:
                mask = np.array([lab.script is not None and lab.script.value in present for lab in self.labels])
                self._script_masks[present] = mask
            row = np.where(mask, out[i], 0.0)
            if row.sum() > 0:  # the removed mass is not redistributed: confidences stay the model's
                out[i] = row
        return out

    def distributions(self, prepared: list[str]) -> np.ndarray:
        """``(len(prepared), n_labels)`` probabilities in :attr:`labels` order."""
        out = np.zeros((len(prepared), len(self.labels)), dtype=np.float64)
        col = {key: self.index[lab] for key, lab in self.by_key.items()}
        for i, preds in enumerate(self.predict(prepared, -1)):
            for p, key in preds:
                out[i, col[key]] = p
        # fastText's float32 softmax can overshoot 1 by 1e-5
        return np.minimum(out, 1.0)


def _shipped_manifest(name: str) -> resources.abc.Traversable:
    return resources.files("awal.lid") / "models" / f"{name}.json"


def _open_model(path: Path, name: str) -> _Model | HashedModel:
    """The model a manifest describes: the numpy engine (default) or a fastText model."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read model manifest {path}: {exc}") from None
    if isinstance(manifest, dict) and manifest.get("engine") == ENGINE_FORMAT:
        if manifest.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"{path}: unsupported manifest (format_version {manifest.get('format_version')}, this awal reads "
                f"{FORMAT_VERSION}); retrain with 'awal lid train' or upgrade awal"
            )
        return HashedModel(path, name, manifest, SegmentParams)
    return _Model(path, name)


@functools.lru_cache(maxsize=8)
def _load_model(name: str) -> _Model | HashedModel:
    if name == "default":
        name = DEFAULT_MODEL
    if name in MODEL_NAMES:
        ref = _shipped_manifest(name)
        with resources.as_file(ref) as path:
            if not path.is_file():
                raise ModelError(f"shipped model {name!r} is missing from this installation ({path}); reinstall awal")
            return _open_model(path, name)
    path = Path(name)
    if path.is_dir():
        candidates = sorted(path.glob("*.json"))
        if len(candidates) != 1:
            raise ModelError(f"{path}: expected exactly one manifest (*.json) in the folder, found {len(candidates)}")
        path = candidates[0]
    if path.suffix == ".json" and path.is_file():
        return _open_model(path, str(path))
    raise UnknownNameError("model", name, ["default", *MODEL_NAMES, "<path to a manifest .json or its folder>"])


def load(model: str | os.PathLike[str] = "default", **options: Any) -> Detector:
    """A :class:`Detector` on a shipped model (``"default"``, ``"full"``, ``"open"``) or a trained one.

    ``model`` may also be the path of a manifest written by ``awal lid train`` (or its
    folder). The model file is read once per process and shared. ``options`` are passed
    to :class:`Detector` (``labels``, ``threshold``, ``group_backoff``).
    """
    if not isinstance(model, (str, os.PathLike)):
        raise InputTypeError(f"model must be a name or a path, not {type(model).__name__}")
    name = os.fspath(model)
    return Detector(_load_model(DEFAULT_MODEL if name == "default" else name), **options)


Threshold = float | Mapping[Label | str, float]


class Detector:
    """Language identification on one model, with a fixed label set and thresholds.

    Build one with :func:`load`; :meth:`with_options` returns a copy with other
    settings (the model itself is shared, so copies are cheap)::

        det = awal.lid.load("full", labels=["ary_Arab", "arb_Arab"], threshold=0.7)
        det.detect("واش كاين شي جديد")
    """

    def __init__(
        self,
        model: _Model,
        *,
        labels: Iterable[Label | str] | None = None,
        threshold: Threshold | None = None,
        group_backoff: bool = True,
    ) -> None:
        self._model = model
        self._allowed = self._resolve_labels(labels)
        self._thresholds: dict[Label, float] = dict(model.label_thresholds)
        self._default_threshold = model.threshold
        if threshold is not None:
            self._default_threshold, self._thresholds = self._resolve_threshold(threshold)
        self._group_backoff = bool(group_backoff)
        self._options = {"labels": labels, "threshold": threshold, "group_backoff": group_backoff}

    # -- configuration ------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The model's name (``full``, ``open``) or manifest path."""
        return self._model.name

    @property
    def manifest(self) -> Mapping[str, Any]:
        """The model's manifest: labels, sources and licence classes, metrics, sha256."""
        return self._model.manifest

    @property
    def model_labels(self) -> tuple[Label, ...]:
        """Every label the model can answer (``und`` comes from a rule, not the model)."""
        return self._model.labels

    @property
    def labels(self) -> tuple[Label, ...]:
        """The labels this detector chooses among."""
        return self._model.labels if self._allowed is None else tuple(sorted(self._allowed))

    def with_options(self, **options: Any) -> Detector:
        """A detector on the same model with some options changed."""
        merged = {**self._options, **options}
        return Detector(self._model, **merged)

    def threshold_for(self, label: Label) -> float:
        """The probability ``label`` must reach for :meth:`detect` to answer it."""
        return self._thresholds.get(label, self._default_threshold)

    def _resolve_labels(self, labels: Iterable[Label | str] | None) -> frozenset[Label] | None:
        if labels is None:
            return None
        if isinstance(labels, (str, bytes)):
            raise InputTypeError("labels must be a list of labels, e.g. labels=['ary_Arab', 'arb_Arab'], not a string")
        known = self._model.labels
        out: set[Label] = set()
        for item in labels:
            if not isinstance(item, str):
                raise InputTypeError(f"labels must be strings or Label values, not {type(item).__name__}")
            lab = Label.from_str(item)
            if lab not in self._model.index:
                raise UnknownLabelError(
                    f"{lab.value} (valid Label, but model {self._model.name!r} does not predict it)",
                    (x.value for x in known),
                )
            out.add(lab)
        if not out:
            raise UnknownLabelError("(empty label list)", (x.value for x in known))
        return frozenset(out)

    def _resolve_threshold(self, threshold: Threshold) -> tuple[float, dict[Label, float]]:
        if isinstance(threshold, Mapping):
            per = {Label.from_str(k): _check_prob(v) for k, v in threshold.items()}
            return self._default_threshold, {**self._model.label_thresholds, **per}
        return _check_prob(threshold), {}

    def _effective(
        self, labels: Iterable[Label | str] | None, threshold: Threshold | None
    ) -> tuple[frozenset[Label] | None, Detector]:
        if labels is None and threshold is None:
            return self._allowed, self
        det = self.with_options(
            **({} if labels is None else {"labels": labels}), **({} if threshold is None else {"threshold": threshold})
        )
        return det._allowed, det

    # -- whole-text decisions -------------------------------------------------------------

    def decide(
        self, text: str, *, labels: Iterable[Label | str] | None = None, threshold: Threshold | None = None
    ) -> Decision:
        """The full answer for ``text``: prediction (or abstention), alternatives, reason."""
        return self.decide_batch([text], labels=labels, threshold=threshold)[0]

    def decide_batch(
        self,
        texts: Sequence[str],
        *,
        labels: Iterable[Label | str] | None = None,
        threshold: Threshold | None = None,
        k: int = 3,
    ) -> list[Decision]:
        """:meth:`decide` for many texts at once (one result per text, same order)."""
        _, det = self._effective(labels, threshold)
        if isinstance(det._model, HashedModel):
            return det._decide_engine(_check_texts_engine(texts), k)
        texts = _check_texts(texts)
        prepared = prepare_batch(texts)
        out: list[Decision | None] = [None] * len(texts)
        todo: list[int] = []
        for i, p in enumerate(prepared):
            if not has_letter(p):
                out[i] = _UND_DECISION
            elif uncovered_script(texts[i]) is not None:
                out[i] = _UNSUPPORTED
            else:
                todo.append(i)
        if todo:
            lines = [prepared[i] for i in todo]
            dists = det._model.script_masked(det._model.distributions(lines), lines)
            for i, row in zip(todo, det._distribution_rows(dists), strict=True):
                out[i] = det._decision(row, k)
        return out  # type: ignore[return-value]

    def _decide_engine(self, texts: list[str], k: int) -> list[Decision]:
        if not texts:
            return []
        a = self._model.analyse(texts)
        rows = self._distribution_rows(a.probs)
        out: list[Decision] = []
        for i, (und, unsupported) in enumerate(zip(a.no_letters.tolist(), a.uncovered.tolist(), strict=True)):
            out.append(_UND_DECISION if und else _UNSUPPORTED if unsupported else self._decision(rows[i], k))
        return out

    def _threshold_vector(self) -> np.ndarray:
        labels = self._model.labels
        return np.array([self._thresholds.get(lab, self._default_threshold) for lab in labels])

    def _detect_engine(self, texts: list[str]) -> list[Prediction | None]:
        """``detect_batch`` on the numpy engine: one vectorised pass, then one object per answer."""
        if not texts:
            return []
        if len(texts) == 1:
            return [self._detect_one_engine(texts[0])]
        model = self._model
        a = model.analyse(texts)
        probs = self._distribution_rows(a.probs)
        best = probs.argmax(axis=1)
        conf = np.minimum(probs[np.arange(len(texts)), best], 1.0)
        answered = (conf >= self._threshold_vector()[best]) & ~a.no_letters & ~a.uncovered
        out: list[Prediction | None] = [None] * len(texts)
        labels = model.labels
        new = object.__new__
        for i, j, c in zip(
            np.flatnonzero(answered).tolist(), best[answered].tolist(), conf[answered].tolist(), strict=True
        ):
            pred = new(Prediction)
            pred.__dict__.update(label=labels[j], confidence=c)  # frozen dataclass, built without __setattr__
            out[i] = pred
        for i in np.flatnonzero(a.no_letters).tolist():
            out[i] = _UND
        if self._group_backoff:
            self._group_backoff_engine(probs, best, ~answered & ~a.no_letters & ~a.uncovered, out)
        return out

    def _detect_one_engine(self, text: str) -> Prediction | None:
        """:meth:`_detect_engine` for one text in plain Python (a per-sentence caller's path)."""
        model = self._model
        probs, und, unsupported = model.analyse_one(text)
        if und:
            return _UND
        if unsupported:
            return None
        allowed = self._allowed
        if allowed is not None:
            probs = [p if lab in allowed else 0.0 for p, lab in zip(probs, model.labels, strict=True)]
            total = sum(probs)
            if total > 0:
                probs = [p / total for p in probs]
            else:  # no mass left on the allowed labels: uniform over them
                n_allowed = sum(lab in allowed for lab in model.labels)
                probs = [1.0 / n_allowed if lab in allowed else 0.0 for lab in model.labels]
        best = max(range(len(probs)), key=probs.__getitem__)  # the first maximum, as numpy's argmax
        label = model.labels[best]
        conf = min(probs[best], 1.0)
        if conf >= self._thresholds.get(label, self._default_threshold):
            pred = object.__new__(Prediction)
            pred.__dict__.update(label=label, confidence=conf)  # frozen dataclass, built without __setattr__
            return pred
        if not self._group_backoff:
            return None
        for script, group_label in _GROUP_LABEL.items():
            cols = model.amazigh_columns.get(script)
            if cols is None or not cols[best] or model.index.get(group_label) == best:
                continue
            mass = sum(p for p, c in zip(probs, cols.tolist(), strict=True) if c)
            if mass >= self._default_threshold:
                return Prediction(group_label, min(mass, 1.0))
        return None

    def _group_backoff_engine(
        self, probs: np.ndarray, best: np.ndarray, pending: np.ndarray, out: list[Prediction | None]
    ) -> None:
        """:meth:`_group_answer` for every pending row at once: ``ber_<script>`` when Amazigh is confident."""
        for script, group_label in _GROUP_LABEL.items():
            cols = self._model.amazigh_columns.get(script)
            if cols is None or not cols.any():
                continue
            rows = pending & cols[best]
            if group_label in self._model.index:
                rows &= best != self._model.index[group_label]
            if not rows.any():
                continue
            mass = probs[:, cols].sum(axis=1)
            for i in np.flatnonzero(rows & (mass >= self._default_threshold)).tolist():
                out[i] = Prediction(group_label, min(float(mass[i]), 1.0))

    def _distribution_rows(self, dists: np.ndarray) -> np.ndarray:
        """Renormalise over the allowed labels (zero elsewhere)."""
        if self._allowed is None:
            return dists
        mask = np.zeros(len(self._model.labels), dtype=bool)
        for lab in self._allowed:
            mask[self._model.index[lab]] = True
        sub = np.where(mask, dists, 0.0)
        total = sub.sum(axis=1, keepdims=True)
        # a distribution with no mass left on the allowed labels becomes uniform over them
        uniform = mask / mask.sum()
        return np.where(total > 0, sub / np.where(total > 0, total, 1.0), uniform)

    def _decision(self, row: np.ndarray, k: int) -> Decision:
        labels = self._model.labels
        order = np.argsort(-row, kind="stable")
        allowed = self._allowed
        ranked = [Prediction(labels[j], float(row[j])) for j in order if allowed is None or labels[j] in allowed]
        alternatives = tuple(ranked[: max(k, 1)])
        top = ranked[0]
        if top.confidence >= self.threshold_for(top.label):
            return Decision(top, alternatives, Reason.CONFIDENT)
        group = self._group_answer(top, ranked)
        if group is not None:
            return Decision(group, alternatives, Reason.GROUP)
        return Decision(None, alternatives, Reason.BELOW_THRESHOLD)

    def _group_answer(self, top: Prediction, ranked: list[Prediction]) -> Prediction | None:
        """``ber_<script>`` when Amazigh as a whole is confident but no one variety is."""
        if not self._group_backoff or top.label.group is not Group.AMAZIGH:
            return None
        script = top.label.script
        group_label = _GROUP_LABEL.get(script) if script is not None else None
        if group_label is None or group_label == top.label:
            return None
        mass = sum(p.confidence for p in ranked if p.label.group is Group.AMAZIGH and p.label.script is script)
        if mass >= self._default_threshold:
            return Prediction(group_label, min(mass, 1.0))
        return None

    def detect(
        self, text: str, *, labels: Iterable[Label | str] | None = None, threshold: Threshold | None = None
    ) -> Prediction | None:
        """The language of ``text``, or ``None`` when not confident enough (see :meth:`decide`)."""
        return self.detect_batch([ensure_text(text)], labels=labels, threshold=threshold)[0]

    def detect_batch(
        self,
        texts: Sequence[str],
        *,
        labels: Iterable[Label | str] | None = None,
        threshold: Threshold | None = None,
    ) -> list[Prediction | None]:
        """:meth:`detect` for many texts: one result per text, same order; the fast path."""
        allowed, det = self._effective(labels, threshold)
        if isinstance(det._model, HashedModel):
            return det._detect_engine(_check_texts_engine(texts))
        if allowed is not None:
            return [d.prediction for d in det.decide_batch(texts, k=1)]
        texts = _check_texts(texts)
        prepared = prepare_batch(texts)
        out: list[Prediction | None] = [None] * len(texts)
        todo: list[int] = []
        todo_text: list[str] = []
        for i, p in enumerate(prepared):
            if not has_letter(p):
                out[i] = _UND
            elif uncovered_script(texts[i]) is None:
                todo.append(i)
                todo_text.append(p)
        if not todo:
            return out
        preds = det._model.predict(todo_text, 1)
        by_key = det._model.by_key
        thresholds = det._thresholds
        default = det._default_threshold
        new = object.__new__
        retry: list[int] = []
        script_re = det._model.script_re
        for j, (i, pr) in enumerate(zip(todo, preds, strict=True)):
            p, key = pr[0]
            p = p if p < 1.0 else 1.0  # float32 softmax can overshoot by 1e-5
            lab = by_key[key]
            if script_re[lab].search(todo_text[j]) is None:  # label in a script the text lacks: full path
                retry.append(i)
            elif p >= thresholds.get(lab, default):
                pred = new(Prediction)
                pred.__dict__.update(label=lab, confidence=p)  # frozen dataclass, built without __setattr__
                out[i] = pred
            elif det._group_backoff and lab.group is Group.AMAZIGH:
                retry.append(i)
        if retry:
            for i, d in zip(retry, det.decide_batch([texts[i] for i in retry], k=1), strict=True):
                out[i] = d.prediction
        return out

    def rank(self, text: str, k: int | None = 5, *, labels: Iterable[Label | str] | None = None) -> list[Prediction]:
        """The ``k`` most likely labels, best first, probabilities renormalised to sum to 1.

        The probabilities are the model's, renormalised over the ``k`` candidates returned
        (``k=None``: every label, i.e. the model's own distribution, which is what
        :meth:`detect` thresholds). Text without letters ranks ``[und 1.0]``; text in a
        script no model covers ranks ``[]``.
        """
        if k is not None and (not isinstance(k, int) or isinstance(k, bool) or k < 1):
            raise InputTypeError(f"k must be a positive int or None, not {k!r}")
        d = self.decide_batch([text], labels=labels, k=len(self._model.labels))[0]
        cands = list(d.alternatives if k is None else d.alternatives[:k])
        total = sum(p.confidence for p in cands)
        if not cands or total <= 0:
            return cands
        return [Prediction(p.label, p.confidence / total) for p in cands]

    # -- segmentation -------------------------------------------------------------------------

    def segment(self, text: str, *, labels: Iterable[Label | str] | None = None) -> list[Span]:
        """Language spans of ``text`` at word granularity, offsets into the original string.

        Each word is scored from its own letters and from its 2-word windows (with the left
        and with the right neighbour, whichever favours a label more); a Viterbi pass with
        a cost per language switch picks the labels, so a French phrase inside Darija comes
        out as one span. A word may only take a label in its own script, and one the whole
        text is plausibly in (probability >= 0.05) or a language Moroccans switch into
        (French, English, Spanish, MSA, Darija). Adjacent words with the same label are merged; numbers,
        emoji and punctuation between them are inside the span, at its edges they are not.
        """
        _allowed, det = self._effective(labels, None)
        text = ensure_text(text)
        words = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
        lexical: list[tuple[int, int]] = []
        uncovered: list[tuple[int, int]] = []
        for s, e in words:
            script = _word_script(text[s:e])
            if script is None:
                continue
            (uncovered if script is Script.Zzzz else lexical).append((s, e))
        if not lexical and not uncovered:
            stripped = text.strip()
            if not stripped:
                return []
            start = text.index(stripped[0])
            return [Span(start, start + len(stripped), Label.und, 1.0)]
        spans: list[tuple[int, int, Label | None, float]] = []
        if lexical:
            spans.extend(det._label_words(text, lexical))
        spans.extend((s, e, None, 1.0) for s, e in uncovered)
        spans.sort()
        return _merge(spans)

    def _label_words(self, text: str, words: list[tuple[int, int]]) -> list[tuple[int, int, Label, float]]:
        model = self._model
        params = model.segment_params
        tokens = [text[s:e] for s, e in words]
        n = len(tokens)
        # context: the word with its left neighbour and with its right neighbour; a label keeps the better of
        # the two, so a word at a switch point can side with either language ("n9ad | la carte")
        left = [" ".join(tokens[max(0, i - 1) : i + 1]) for i in range(n)]
        right = [" ".join(tokens[i : i + 2]) for i in range(n)]
        prepared = prepare_batch([*tokens, *left, *right, text])
        dists = model.distributions(prepared)
        # letter evidence (no Tuareg-only letter: hardly taq_Tfng) is about the whole text: the words of a
        # Tuareg sentence mostly lack those letters one by one (rows are renormalised below)
        for col, _cls, pattern, factor in getattr(model, "evidence", ()):
            if pattern.search(text) is None:
                dists[:, col] *= factor
        word_p, doc_p = dists[:n], dists[3 * n]
        ctx_p = np.maximum(dists[n : 2 * n], dists[2 * n : 3 * n])
        nl = len(model.labels)
        mask = np.ones((n, nl), dtype=bool)
        if self._allowed is not None:
            allowed = np.array([lab in self._allowed for lab in model.labels])
            mask &= allowed
        label_scripts = [lab.script for lab in model.labels]
        for i, tok in enumerate(tokens):
            script = _word_script(tok)
            mask[i] &= np.array([s is script for s in label_scripts])
        # a word may take a label the whole text is plausibly in, or a language people switch into
        plausible = np.array([doc_p[j] >= 0.05 or lab in _SWITCH_INTO for j, lab in enumerate(model.labels)])
        narrowed = mask & plausible
        mask = np.where(narrowed.any(axis=1, keepdims=True), narrowed, mask)
        mask[~mask.any(axis=1)] = True  # a word no allowed label can write: let the model choose freely
        word_p = _renormalise(word_p * mask)
        ctx_p = _renormalise(ctx_p * mask)
        eps = 1e-6
        score = params.word_weight * np.log(word_p + eps) + (1 - params.word_weight) * np.log(ctx_p + eps)
        score = np.where(mask, score, -np.inf)
        path = _viterbi(score, params.switch_cost)
        # per-word confidence: the chosen label's share of the word's (masked) distribution
        finite = np.where(np.isfinite(score), score, -np.inf)
        z = finite - finite.max(axis=1, keepdims=True)
        probs = np.exp(z)
        probs /= probs.sum(axis=1, keepdims=True)
        return [
            (s, e, model.labels[j], float(probs[i, j])) for i, ((s, e), j) in enumerate(zip(words, path, strict=True))
        ]


def _renormalise(p: np.ndarray) -> np.ndarray:
    total = p.sum(axis=1, keepdims=True)
    return p / np.where(total > 0, total, 1.0)


def _viterbi(score: np.ndarray, switch_cost: float) -> list[int]:
    n, nl = score.shape
    best = score[0].copy()
    back = np.zeros((n, nl), dtype=np.int64)
    for i in range(1, n):
        j = int(np.argmax(best))
        switch = best[j] - switch_cost
        stay = best
        take_switch = switch > stay
        back[i] = np.where(take_switch, j, np.arange(nl))
        best = np.where(take_switch, switch, stay) + score[i]
    path = [int(np.argmax(best))]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    return path


def _merge(spans: list[tuple[int, int, Label | None, float]]) -> list[Span]:
    out: list[Span] = []
    cur_s, cur_e, cur_l, confs = spans[0][0], spans[0][1], spans[0][2], [spans[0][3]]
    for s, e, lab, c in spans[1:]:
        if lab == cur_l:
            cur_e = e
            confs.append(c)
        else:
            out.append(Span(cur_s, cur_e, cur_l, sum(confs) / len(confs)))
            cur_s, cur_e, cur_l, confs = s, e, lab, [c]
    out.append(Span(cur_s, cur_e, cur_l, sum(confs) / len(confs)))
    return out


def _word_script(word: str) -> Script | None:
    """Script of the first letter of ``word``; ``None`` if it has no letter."""
    for ch in word:
        if ch.isalpha():
            s = char_script(ch)
            return s if s is not Script.Zyyy else None
    return None


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise InputTypeError("texts must be a list of strings; for one text use detect(text)")
    try:
        return [t if type(t) is str and t.isascii() else ensure_text(t, "texts[i]") for t in texts]
    except TypeError as exc:
        if isinstance(exc, InputTypeError):
            raise
        raise InputTypeError(f"texts must be a sequence of str, not {type(texts).__name__}") from None


def _check_texts_engine(texts: Sequence[str]) -> list[str]:
    """:func:`_check_texts` without the per-text UTF-8 probe (the engine encodes surrogates safely)."""
    if isinstance(texts, (str, bytes)):
        raise InputTypeError("texts must be a list of strings; for one text use detect(text)")
    try:
        out = list(texts)
    except TypeError:
        raise InputTypeError(f"texts must be a sequence of str, not {type(texts).__name__}") from None
    if all(type(t) is str for t in out):
        return out
    return _check_texts(out)


def _check_prob(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise InputTypeError(f"threshold must be a number between 0 and 1, not {value!r}")
    if math.isnan(float(value)):
        raise InputTypeError("threshold must not be NaN")
    return float(value)
