"""Training the vectorised engine (:mod:`awal.lid.engine`): fastText on pre-hashed features.

The training examples are those of :func:`awal.lid.training.build_training_set` (source
caps, short windows, class top-ups, synthetic Amazigh in Latin/Arabic script), with this
engine's own source cap (15,000) and small sources (< 8,000 lines) used twice
(:class:`EngineTrainConfig`). Each example is normalised and hashed by the engine's own
numpy code and written as ``__label__X <bucket> <bucket> ...``; fastText (``minn=maxn=0``,
``wordNgrams=1``, softmax) then learns one input vector per bucket, and the same pass counts
the buckets per label for a naive Bayes model. :func:`blend_naive_bayes` adds the two
models' per-bucket label scores and projects them back to ``dim`` dimensions; the result is
exported as plain arrays: the bucket vectors quantised to 52 levels per coordinate (see
:mod:`awal.lid.engine`), the end-of-sentence vector and the output matrix. Inference needs
numpy only.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from awal.languages import Label
from awal.lid import engine as eng

__all__ = ["EngineTrainConfig", "export_fasttext", "hashed_lines", "train_engine"]


@dataclass(frozen=True)
class EngineTrainConfig:
    """fastText settings for the engine (feature settings live in :class:`engine.FeatureConfig`)."""

    dim: int = 15
    epoch: int = 6
    lr: float = 0.5
    threads: int = 2
    seed: int = 1
    #: long lines are cut into pieces of at most this many words (the engine targets short text)
    max_words: int = 40
    #: weight of the multinomial naive Bayes log-probabilities added to fastText's per-bucket label scores
    #: (0: fastText alone); the blend is projected back to ``dim`` dimensions (see :func:`blend_naive_bayes`)
    nb_weight: float = 1.0
    #: additive (Lidstone) smoothing of the naive Bayes bucket counts
    nb_alpha: float = 0.03
    #: lines kept per (label, source) (:class:`awal.lid.training.TrainConfig` ``source_cap``)
    source_cap: int = 15_000
    #: a (label, source) with fewer lines is used twice (``TrainConfig.source_repeat_below``); with the lower cap
    #: this gave +0.007 macro F1 on the tuning slice (the large regular sources dominated the dialect labels)
    source_repeat_below: int = 8_000


def _chunks(text: str, max_words: int) -> list[str]:
    words = text.split()
    if len(words) <= max_words:
        return [text]
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def hashed_lines(
    examples: Sequence[tuple[Label, str]],
    config: eng.FeatureConfig,
    max_words: int,
    chunk: int = 4000,
    counts: np.ndarray | None = None,
) -> Any:
    """Yield fastText training text (many lines per chunk) for ``(label, raw text)`` examples.

    ``counts`` (``(buckets, n_labels)`` int64, labels sorted), when given, is incremented by
    how often each bucket occurs in the examples of each label (the naive Bayes counts).
    """
    pieces: list[tuple[Label, str]] = []
    for lab, t in examples:
        pieces.extend((lab, p) for p in _chunks(t, max_words))
    labels = sorted({lab.value for lab, _ in pieces})
    lab_index = {v: i for i, v in enumerate(labels)}
    nb = config.buckets
    vocab = np.array([f"{i:x}" for i in range(nb)] + [f"\n__label__{v}" for v in labels], dtype=object)
    for s in range(0, len(pieces), chunk):
        part = pieces[s : s + chunk]
        batch = eng.encode_batch([t for _, t in part])
        has = batch.counts[:, [eng.CLS_LATN, eng.CLS_ARAB, eng.CLS_TFNG, eng.CLS_OTHER]].sum(axis=1) > 0
        cidx, widx, wstarts = eng.features(batch, config)
        k = cidx.shape[0]
        pos = np.arange(cidx.shape[1])
        ptext = np.searchsorted(batch.starts, pos, side="right") - 1
        cflat = cidx.T.ravel()
        ctext = np.repeat(ptext, k)
        if widx.size:
            wtext = np.repeat(np.searchsorted(wstarts, np.arange(widx.shape[1]), side="right") - 1, widx.shape[0])
            wflat = widx.T.ravel()
        else:
            wtext = np.empty(0, dtype=np.intp)
            wflat = np.empty(0, dtype=np.intp)
        ids = np.concatenate([cflat, wflat])
        owner = np.concatenate([ctext, wtext])
        ok = (ids < nb) & (owner >= 0)
        ok &= has[np.clip(owner, 0, None)]
        ids, owner = ids[ok], owner[ok]
        texts_with = np.flatnonzero(has)
        lab_ids = np.array([nb + lab_index[part[i][0].value] for i in texts_with], dtype=np.intp)
        if counts is not None:
            n_labels = len(labels)
            text_lab = np.zeros(len(part), dtype=np.intp)
            text_lab[texts_with] = lab_ids - nb
            flat = counts.reshape(-1)
            flat += np.bincount(ids * n_labels + text_lab[owner], minlength=flat.size)
        all_ids = np.concatenate([lab_ids, ids])
        key = np.concatenate([texts_with * 2, owner * 2 + 1])
        order = np.argsort(key, kind="stable")
        yield " ".join(vocab[all_ids[order]].tolist()).lstrip("\n") + "\n"


def export_fasttext(model: Any, config: eng.FeatureConfig) -> dict[str, np.ndarray]:
    """The arrays of an engine model from a fastText model trained on hashed lines."""
    words = model.get_words(include_freq=False)
    inp = np.asarray(model.get_input_matrix(), dtype=np.float32)
    out = np.asarray(model.get_output_matrix(), dtype=np.float32)
    labels = [lab[len("__label__") :] for lab in model.get_labels(include_freq=False)]
    eos = None
    rows, vecs = [], []
    for w in words:
        wid = model.get_word_id(w)
        if w == "</s>":
            eos = inp[wid]
            continue
        rows.append(int(w, 16))
        vecs.append(inp[wid])
    if eos is None:
        eos = np.zeros(inp.shape[1], dtype=np.float32)
    order = np.argsort(labels)
    return {
        "rows": np.asarray(rows, dtype=np.uint32),
        "vectors": np.asarray(vecs, dtype=np.float32),
        "eos": eos,
        "output": out[order],
        "labels": np.asarray(sorted(labels)),
    }


def blend_naive_bayes(
    arrays: dict[str, np.ndarray], counts: np.ndarray, weight: float, alpha: float, dim: int
) -> dict[str, np.ndarray]:
    """fastText's bucket scores plus ``weight`` x naive Bayes log-probabilities, back in ``dim`` dimensions.

    A bucket's label scores under fastText are ``vector @ output.T``; multinomial naive Bayes
    gives ``log P(bucket | label)`` from ``counts`` (smoothed by ``alpha``). Both are linear in
    the text's mean bucket row, so their sum is one linear model (full rank). Scores are
    centred per bucket (softmax ignores a shift shared by all labels) and projected on the
    ``dim`` directions that keep most of them, each bucket weighted by how often it occurs:
    ``vectors = W @ B``, ``output = B`` (orthonormal ``B``), the inference engine's shape.
    """
    rows = arrays["rows"].astype(np.intp)
    out = arrays["output"].astype(np.float64)  # (labels, dim), labels sorted like the count columns
    scores = arrays["vectors"].astype(np.float64) @ out.T
    eos = arrays["eos"].astype(np.float64) @ out.T
    c = counts.astype(np.float64)
    logp = np.log((c[rows] + alpha) / (c.sum(axis=0) + alpha * c.shape[0]))
    scores += weight * (logp - logp.mean(axis=1, keepdims=True))
    scores -= scores.mean(axis=1, keepdims=True)
    eos -= eos.mean()
    freq = c[rows].sum(axis=1)
    _, vecs = np.linalg.eigh((scores.T * freq) @ scores)
    basis = vecs[:, ::-1][:, :dim]  # (labels, dim): the top directions
    return {
        **arrays,
        "vectors": (scores @ basis).astype(np.float32),
        "eos": (eos @ basis).astype(np.float32),
        "output": basis.astype(np.float32),
    }


def train_engine(
    examples: Sequence[tuple[Label, str]],
    config: eng.FeatureConfig,
    tconfig: EngineTrainConfig,
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Train fastText on hashed ``examples``; the exported arrays and training facts."""
    from awal.lid.training import _fasttext_trainer, train_with_backoff

    fasttext = _fasttext_trainer()  # a clear error when only the predict-only binding is installed

    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="awal-lid-engine-") as tmp:
        txt = Path(tmp) / "train.txt"
        digest = hashlib.sha256()
        n_labels = len({lab for lab, _ in examples})
        counts = np.zeros((config.buckets, n_labels), dtype=np.int64) if tconfig.nb_weight else None
        with txt.open("w", encoding="utf-8") as fh:
            for block in hashed_lines(examples, config, tconfig.max_words, counts=counts):
                fh.write(block)
                digest.update(block.encode("utf-8"))
        log(f"hashed training text: {txt.stat().st_size / 1e6:.0f} MB in {time.time() - t0:.0f}s")
        model, lr = train_with_backoff(
            fasttext,
            str(txt),
            tconfig.lr,
            log,
            dim=tconfig.dim,
            epoch=tconfig.epoch,
            minn=0,
            maxn=0,
            wordNgrams=1,
            minCount=1,
            bucket=0,
            thread=tconfig.threads,
            seed=tconfig.seed,
        )
    log(f"fastText trained in {time.time() - t0:.0f}s")
    arrays = export_fasttext(model, config)
    if counts is not None:
        arrays = blend_naive_bayes(arrays, counts, tconfig.nb_weight, tconfig.nb_alpha, tconfig.dim)
        log(f"blended with naive Bayes (weight {tconfig.nb_weight}, alpha {tconfig.nb_alpha})")
    facts = {"learning_rate_used": lr, "hashed_text_sha256": digest.hexdigest(), "train_config": asdict(tconfig)}
    return arrays, facts


def build_examples(
    data_dir: Path,
    sources: str,
    seed: int,
    log: Callable[[str], None],
    tconfig: EngineTrainConfig | None = None,
) -> tuple[list, list, dict]:
    """``(fit examples, tuning rows, facts)`` as :func:`awal.lid.training.train` builds them, with the
    source cap and small-source repetition of ``tconfig``."""
    from awal.lid.training import TrainConfig, build_training_set, split_train_rows

    tconfig = tconfig or EngineTrainConfig(seed=seed)
    tc = TrainConfig(
        sources=sources,
        seed=seed,
        source_cap=tconfig.source_cap,
        source_repeat_below=tconfig.source_repeat_below,
    )
    rows, classes, fit, tune = split_train_rows(data_dir, sources, tc.tune_every)
    examples, stats = build_training_set(fit, tc, log)
    return examples, tune, {"rows": rows, "classes": classes, "stats": stats, "train_config": asdict(tc)}


def train(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    sources: str = "all",
    seed: int = 1,
    name: str | None = None,
    features: eng.FeatureConfig | None = None,
    tconfig: EngineTrainConfig | None = None,
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
    evaluate_dev: bool = True,
    gold_codeswitch: str | Path | None = None,
) -> dict[str, Any]:
    """Train an engine model; write ``<name>.npz`` + ``<name>.json`` into ``out_dir``; return the manifest.

    The threshold and the segmentation parameters are chosen on the tuning slice of the
    training split, never on dev (as :func:`awal.lid.training.train` does); dev is only
    scored.
    """
    from awal.errors import DataError

    if sources not in ("all", "open"):
        raise DataError(f"sources must be 'all' or 'open', not {sources!r}")
    tconfig = tconfig or EngineTrainConfig(seed=seed)
    features = features or eng.FeatureConfig()
    data_dir = Path(data_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or ("full" if sources == "all" else "open")
    examples, tune, facts = build_examples(data_dir, sources, seed, log, tconfig)
    log(f"{len(examples)} training examples ({sources} sources), {len(tune)} tuning lines")
    arrays, train_facts = train_engine(examples, features, tconfig, log)
    return finish(
        arrays,
        data_dir,
        out_dir,
        name=name,
        sources=sources,
        seed=seed,
        features=features,
        tconfig=tconfig,
        facts={**facts, **train_facts},
        tune=tune,
        log=log,
        evaluate_dev=evaluate_dev,
        gold_codeswitch=gold_codeswitch,
    )


def finish(
    arrays: dict[str, np.ndarray],
    data_dir: Path,
    out_dir: Path,
    *,
    name: str,
    sources: str,
    seed: int,
    features: eng.FeatureConfig,
    tconfig: EngineTrainConfig,
    facts: dict[str, Any],
    tune: Sequence[Any],
    log: Callable[[str], None],
    evaluate_dev: bool = True,
    gold_codeswitch: str | Path | None = None,
) -> dict[str, Any]:
    """Write the weights and the manifest; tune threshold/segmentation on ``tune``; score dev."""
    from awal.lid.data import sha256_file, split_path
    from awal.lid.detector import FORMAT_VERSION, SegmentParams, _load_model
    from awal.lid.training import _licence_note, _select_segment, dev_summary

    weights = out_dir / f"{name}.npz"
    eng.save_npz(weights, arrays["rows"], arrays["vectors"], arrays["eos"], arrays["output"])
    rows, classes = facts["rows"], facts["classes"]
    source_counts: dict[str, int] = {}
    for r in rows:
        source_counts[r.source] = source_counts.get(r.source, 0) + 1
    args = ["--data", str(data_dir), "--out", str(out_dir), "--sources", sources, "--seed", str(seed)]
    args += [
        "--name",
        name,
        "--epoch",
        str(tconfig.epoch),
        "--dim",
        str(tconfig.dim),
        "--threads",
        str(tconfig.threads),
        "--nb-weight",
        str(tconfig.nb_weight),
    ]
    if gold_codeswitch:
        args += ["--gold-codeswitch", str(gold_codeswitch)]
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "engine": eng.ENGINE_FORMAT,
        "engine_note": "hashed character n-grams, words and word bigrams; softmax trained by fastText on the hashed "
        "features, blended with multinomial naive Bayes bucket log-probabilities and projected back to the vector "
        "size, exported to numpy arrays (quantised vectors); read by awal.lid.engine with numpy only",
        "model_file": weights.name,
        "sha256": sha256_file(weights),
        "size_bytes": weights.stat().st_size,
        "labels": [str(x) for x in arrays["labels"]],
        "features": features.to_dict(),
        "rule_labels": {"und": "text with no letter after removing URLs, e-mails, mentions, emoji, symbols, numbers"},
        "thresholds": {"default": 0.5, "per_label": {}},
        "segment": asdict(SegmentParams()),
        "training": {
            "command": "awal lid train " + " ".join(args),
            "backend": "fasttext-numpy2 train_supervised on hashed feature tokens (minn=maxn=0, wordNgrams=1) "
            "+ naive Bayes counts of the same tokens (train_engine.blend_naive_bayes)",
            "config": {**facts["train_config"], "engine": asdict(tconfig)},
            "learning_rate_used": facts.get("learning_rate_used"),
            "hashed_text_sha256": facts.get("hashed_text_sha256"),
            "data_files": {
                "lid/train.tsv": sha256_file(split_path(data_dir, "train")),
                "MANIFEST.md": sha256_file(data_dir / "MANIFEST.md"),
            },
            "sources": [
                {"source": s, "licence_class": classes[s], "lines": n} for s, n in sorted(source_counts.items())
            ],
            "licence_classes": sorted({classes[s] for s in source_counts}),
            "tuning_lines": len(tune),
            "examples": facts["stats"],
        },
        "licence_note": _licence_note({classes[s] for s in source_counts}),
    }
    manifest_path = out_dir / f"{name}.json"
    det = _tune_priors_and_threshold(manifest_path, manifest, tune)
    log(f"label log-prior corrections: {manifest['label_log_prior'] or 'none'}")
    manifest["segment"] = _select_segment(det, tune, seed)
    log(f"threshold {manifest['thresholds']['default']}, segment {manifest['segment']}")
    if evaluate_dev and (data_dir / "lid" / "dev.tsv").is_file():
        manifest["metrics"] = {"dev": dev_summary(det, data_dir, gold_codeswitch)}
        log(f"dev macro F1 {manifest['metrics']['dev']['macro_f1']:.4f}")
    _write(manifest_path, manifest)
    _load_model.cache_clear()
    return manifest


#: prior factors tried per label by :func:`select_priors` (1 = no change)
PRIOR_FACTORS = (0.5, 0.25)
#: smallest gain in tuning macro F1 for which a label's prior is changed
PRIOR_MIN_GAIN = 0.001


def select_priors(det: Any, tune: Sequence[Any]) -> tuple[dict[str, float], dict[str, Any]]:
    """Per-label log-prior corrections chosen on the tuning slice (never on dev).

    Training repeats sources under ``source_repeat_below`` lines, which raises those labels'
    priors; where that makes a label take other labels' lines, lowering its prior pays off
    (e.g. Algerian Arabizi, whose corpus is full of French phrases, took short French
    sentences). One pass over the labels, each taking the best of :data:`PRIOR_FACTORS` if
    that raises macro F1 over the labels with >= 20 tuning lines by :data:`PRIOR_MIN_GAIN`.
    Returns ``(label -> log factor, tuning record)``.
    """
    model = det._model
    labels = [lab.value for lab in model.labels]
    index = {lab: j for j, lab in enumerate(labels)}
    kept = [r for r in tune if r.label.value in index]
    if not kept:
        return {}, {"lines": 0}
    gold = np.array([index[r.label.value] for r in kept])
    logp = np.log(np.maximum(model.analyse([r.text for r in kept]).probs, 1e-300))
    counts = np.bincount(gold, minlength=len(labels))
    scored = np.flatnonzero(counts >= 20)

    def macro_f1(bias: np.ndarray) -> float:
        pred = np.argmax(logp + bias, axis=1)
        tp = np.bincount(gold[pred == gold], minlength=len(labels))[scored]
        n_pred = np.bincount(pred, minlength=len(labels))[scored]
        return float(np.mean(2 * tp / np.maximum(n_pred + counts[scored], 1)))

    bias = np.zeros(len(labels))
    start = best = macro_f1(bias)
    for j in range(len(labels)):
        trials = []
        for factor in PRIOR_FACTORS:
            trial = bias.copy()
            trial[j] = math.log(factor)
            trials.append((macro_f1(trial), -factor, trial))
        f1, _, trial = max(trials, key=lambda t: t[:2])  # the best factor; the milder one on ties
        if f1 >= best + PRIOR_MIN_GAIN:
            best, bias = f1, trial
    chosen = {labels[j]: round(float(bias[j]), 6) for j in np.flatnonzero(bias)}
    record = {"lines": len(kept), "macro_f1_before": round(start, 4), "macro_f1_after": round(best, 4)}
    return chosen, record


def _tune_priors_and_threshold(manifest_path: Path, manifest: dict[str, Any], tune: Sequence[Any]) -> Any:
    """Write ``manifest`` without prior corrections, choose them and then the threshold on ``tune``.

    The manifest is written after each choice and the model reloaded from it, so what is tuned
    next is exactly what will be shipped. Returns the detector of the final manifest.
    """
    from awal.lid.detector import _load_model, load
    from awal.lid.training import _select_threshold

    manifest.pop("label_log_prior", None)
    _write(manifest_path, manifest)
    _load_model.cache_clear()
    manifest["label_log_prior"], manifest["prior_tuning"] = select_priors(load(str(manifest_path)), tune)
    _write(manifest_path, manifest)
    _load_model.cache_clear()
    det = load(str(manifest_path))
    manifest["thresholds"] = _select_threshold(det, tune)
    return det


def calibrate(manifest_path: str | Path, data_dir: str | Path, gold_codeswitch: str | Path | None = None) -> dict:
    """Re-choose an existing model's prior corrections and threshold on its tuning slice; rescore dev.

    The weights are untouched (same sha256); only the manifest changes.
    """
    from awal.errors import ModelError
    from awal.lid.detector import _load_model, load
    from awal.lid.training import TrainConfig, dev_summary, split_train_rows

    manifest_path = Path(manifest_path)
    data_dir = Path(data_dir)
    load(str(manifest_path))  # a manifest or weights that do not load are refused before anything is written
    _load_model.cache_clear()
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        classes = manifest["training"]["licence_classes"]
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
        raise ModelError(
            f"{manifest_path}: no training record ({exc!r}); give the manifest 'awal lid train' wrote"
        ) from None
    sources = "open" if classes == ["open"] else "all"
    _, _, _, tune = split_train_rows(data_dir, sources, TrainConfig().tune_every)
    det = _tune_priors_and_threshold(manifest_path, manifest, tune)
    if (data_dir / "lid" / "dev.tsv").is_file():
        manifest["metrics"] = {"dev": dev_summary(det, data_dir, gold_codeswitch)}
    _write(manifest_path, manifest)
    _load_model.cache_clear()
    return manifest


def _write(path: Path, obj: dict[str, Any]) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
