"""Training a language-ID model from ``../shared/data``: ``awal lid train``.

Reproducible: every random choice comes from ``--seed`` and the manifest records the
sha256 of every data file read, the configuration and the command that rebuilds the model.
fastText trains on two hogwild threads by default, so a rebuild matches to within
run-to-run noise (``--threads 1`` is deterministic).

The training set is built from ``lid/train.tsv`` (dev is only ever used to *report*):

1. a tuning slice (1 line in 20, by a salted hash of the text) is set aside for choosing the
   abstention threshold and the segmentation parameters;
2. sources are filtered by licence class (``--sources open`` keeps class ``open``);
3. class imbalance (1k to 105k lines per label): each source is capped at 25,000 lines
   (this mostly trims legal and news MSA), and labels with fewer than 6,000 lines are
   topped up with random 3-12-word windows of their own lines;
4. short inputs: every label also gets 1-4-word windows of its lines (40% of its line
   count, between 4,000 and 15,000), so one- to three-word comments are in-distribution;
5. Amazigh in Latin and Arabic script: the zgh_Tfng lines are transliterated with
   :mod:`awal.translit` into ``zgh_Latn`` and ``ber_Arab`` training text, so Amazigh
   written in Arabic letters has a class of its own instead of falling into Darija;
6. code-switching: synthetic Darija sentences with French/English/Spanish/MSA phrases
   (see :mod:`awal.lid.codeswitch`) tune the segmentation parameters on the tuning slice;
   ``codeswitch_lines`` can also add them to the classifier's data (off by default).

The model is a fastText supervised classifier (softmax over words, word bigrams and
character 2-4-grams, 16 dimensions), product-quantised without row pruning (``.ftz``).
"""

from __future__ import annotations

import hashlib
import json
import random
import shlex
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from awal.errors import DataError, MissingExtraError
from awal.languages import Label
from awal.lid._text import SCRIPT_RES, has_letter, prepare_batch
from awal.lid.codeswitch import synthesize
from awal.lid.data import Row, licence_classes, read_lid, sha256_file, split_path
from awal.lid.detector import FORMAT_VERSION, SegmentParams, _load_model, load

__all__ = ["TrainConfig", "TrainingBackendError", "build_training_set", "train"]


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides the trained model (recorded in the manifest)."""

    sources: str = "all"
    seed: int = 1
    dim: int = 16
    epoch: int = 15
    lr: float = 0.5
    minn: int = 2
    maxn: int = 4
    word_ngrams: int = 2
    bucket: int = 400_000
    #: fastText threads: the shipped models used two (hogwild: two runs differ in the last digits); one is
    #: deterministic but slower
    threads: int = 2
    source_cap: int = 25_000
    #: the lines of a (label, source) with fewer lines than this are used twice (0: never), so that a label's
    #: small sources (social media, dialect translations) weigh more beside its large, regular ones
    source_repeat_below: int = 0
    min_lines: int = 6_000
    window_share: float = 0.4
    window_min: int = 4_000
    window_max: int = 15_000
    #: synthetic code-switched lines added to training (labelled with their matrix language); 0 because they
    #: teach the model that French words are Darija, which hurts segment(); the corpus tunes and scores segment()
    codeswitch_lines: int = 0
    #: words seen fewer times are left to their character n-grams (keeps the model small and fast to load)
    min_count: int = 5
    #: product quantisation, ``dsub`` dimensions per byte (0: none): the unquantised model would be 31 MB; no
    #: row pruning (``cutoff``), which makes every n-gram lookup go through a hash map (3x slower prediction)
    quantize_dsub: int = 2
    tune_every: int = 20


#: salt of the tuning-slice hash: in ``lid/train.tsv`` most sources have no line at all with the unsalted
#: ``sha1(text)[:8] % 20 == 0`` (carved out upstream), so that rule left whole labels out of the slice
_TUNE_SALT = b"awal-lid-tune\x00"


def _is_tune(text: str, every: int) -> bool:
    """Whether a train line belongs to the tuning slice (1 in ``every``, by a salted hash of the text)."""
    return int(hashlib.sha1(_TUNE_SALT + text.encode("utf-8")).hexdigest()[:8], 16) % every == 0


def split_train_rows(
    data_dir: Path, sources: str, tune_every: int
) -> tuple[list[Row], dict[str, str], list[Row], list[Row]]:
    """``(rows, licence classes, fit rows, tuning rows)`` of ``lid/train.tsv`` for ``sources`` (``all``/``open``)."""
    classes = licence_classes(data_dir)
    rows = list(read_lid(split_path(data_dir, "train")))
    unknown = sorted({r.source for r in rows} - set(classes))
    if unknown:
        raise DataError(f"sources without a licence class in MANIFEST.md: {', '.join(unknown)}")
    if sources == "open":
        rows = [r for r in rows if classes[r.source] == "open"]
    fit = [r for r in rows if not _is_tune(r.text, tune_every)]
    tune = [r for r in rows if _is_tune(r.text, tune_every)]
    return rows, classes, fit, tune


def _windows(rng: random.Random, texts: Sequence[str], n: int, lo: int, hi: int) -> list[str]:
    out: list[str] = []
    if not texts:
        return out
    for _ in range(n):
        words = rng.choice(texts).split()
        k = rng.randint(lo, hi)
        s = rng.randrange(max(1, len(words) - k + 1))
        out.append(" ".join(words[s : s + k]))
    return out


#: everyday Latin spelling of IRCAM letters (Amazigh written on phones: no dots below, digraphs)
_POPULAR_LATIN = str.maketrans(
    {"ɣ": "gh", "ɛ": "3", "c": "ch", "x": "kh", "ḍ": "d", "ṭ": "t", "ṣ": "s", "ẓ": "z", "ḥ": "7", "ṛ": "r", "ʷ": "w"}
)
#: plain Arabic letters for the Moroccan extensions (many writers use ك/ر/ز and no labialisation mark)
_PLAIN_ARABIC = str.maketrans({"ڭ": "ك", "ڕ": "ر", "ژ": "ز", "ۥ": None})


def _amazigh_synthetic(texts: Sequence[str], rng: random.Random) -> dict[Label, list[str]]:
    """zgh_Tfng sentences rewritten in Latin (``zgh_Latn``) and Arabic script (``ber_Arab``).

    Uses the foundation's Tifinagh transliteration (:mod:`awal.translit`); every other
    line is then written the everyday way (Latin without dots below, ``gh``/``ch``/``3``;
    Arabic with plain ك ر ز), so neither class hinges on one spelling convention.
    """
    from awal.translit import tifinagh_to_arabic, tifinagh_to_latin

    out: dict[Label, list[str]] = {Label.zgh_Latn: [], Label.ber_Arab: []}
    for t in texts:
        latin = tifinagh_to_latin(t)
        arabic = tifinagh_to_arabic(t)
        out[Label.zgh_Latn].append(latin.translate(_POPULAR_LATIN) if rng.random() < 0.5 else latin)
        out[Label.ber_Arab].append(arabic.translate(_PLAIN_ARABIC) if rng.random() < 0.5 else arabic)
    return out


def _own_script_only(text: str, script: str) -> str:
    """Drop the words of ``text`` written in another covered script than ``script``.

    Some corpora keep foreign words in their own script (Tunisian CODA lines keep French
    in Latin letters); training on them would teach that Latin n-grams mean ``aeb_Arab``.
    """
    others = [rx for name, rx in SCRIPT_RES.items() if name != script]
    low = text.lower()
    if not any(rx.search(low) for rx in others):
        return text
    own = SCRIPT_RES[script]
    return " ".join(w for w in text.split() if own.search(w.lower()) or not any(rx.search(w.lower()) for rx in others))


def build_training_set(
    rows: Sequence[Row], config: TrainConfig, log: Callable[[str], None] = lambda s: None
) -> tuple[list[tuple[Label, str]], dict[str, Any]]:
    """``(label, raw text)`` training examples and counts of what was made (see module doc)."""
    rng = random.Random(config.seed)
    by_source: dict[tuple[Label, str], list[str]] = defaultdict(list)
    for r in rows:
        by_source[(r.label, r.source)].append(r.text)
    by_label: dict[Label, list[str]] = defaultdict(list)
    stats: dict[str, Any] = {"capped": {}, "windows": {}, "topped_up": {}}
    for (label, source), texts in sorted(by_source.items()):
        if label.script is not None:
            texts = [t for t in (_own_script_only(t, label.script.value) for t in texts) if t]
        if len(texts) > config.source_cap:
            texts = rng.sample(texts, config.source_cap)
            stats["capped"][f"{label.value}/{source}"] = config.source_cap
        elif len(texts) < config.source_repeat_below:
            texts = texts + texts
            stats.setdefault("repeated", {})[f"{label.value}/{source}"] = len(texts) // 2
        by_label[label].extend(texts)
    try:
        synthetic = _amazigh_synthetic(by_label.get(Label.zgh_Tfng, []), rng)
    except ImportError:
        log("awal.translit is not available: no zgh_Latn / ber_Arab synthetic text")
        synthetic = {}
    for label, texts in synthetic.items():
        if texts:
            by_label[label] = texts
    stats["synthetic_amazigh"] = {lab.value: len(t) for lab, t in synthetic.items()}
    examples: list[tuple[Label, str]] = []
    for label in sorted(by_label):
        texts = by_label[label]
        examples.extend((label, t) for t in texts)
        if len(texts) < config.min_lines:
            extra = _windows(rng, texts, config.min_lines - len(texts), 3, 12)
            examples.extend((label, t) for t in extra)
            stats["topped_up"][label.value] = len(extra)
        n_win = int(min(max(len(texts) * config.window_share, config.window_min), config.window_max))
        examples.extend((label, t) for t in _windows(rng, texts, n_win, 1, 4))
        stats["windows"][label.value] = n_win
    if config.codeswitch_lines:
        cs = synthesize(by_label, config.codeswitch_lines, seed=config.seed)
        examples.extend((ex.matrix, ex.text) for ex in cs)
        stats["codeswitch"] = len(cs)
    rng.shuffle(examples)
    stats["examples"] = len(examples)
    stats["per_label"] = dict(sorted(Counter(lab.value for lab, _ in examples).items()))
    return examples, stats


class TrainingBackendError(MissingExtraError):
    """The full fastText bindings (with ``train_supervised``) are not installed."""

    def __init__(self) -> None:
        self.module = "fasttext-numpy2"
        self.extra = "lid"
        ImportError.__init__(
            self,
            "training needs the full fastText bindings; the installed 'fasttext' module (fasttext-predict) can "
            "only predict. Install them with: pip install --force-reinstall --no-deps fasttext-numpy2 "
            "(same 'fasttext' module, superset of fasttext-predict: prediction keeps working)",
        )


def _fasttext_trainer() -> Any:
    try:
        import fasttext  # type: ignore[import-untyped]
    except ImportError:
        raise TrainingBackendError() from None
    if not hasattr(fasttext, "train_supervised"):
        raise TrainingBackendError()
    return fasttext


def train_with_backoff(
    ft: Any, input_path: str, lr: float, log: Callable[[str], None], **params: Any
) -> tuple[Any, float]:
    """``ft.train_supervised``, halving ``lr`` while fastText diverges ("Encountered NaN").

    Returns the model and the learning rate that worked (recorded in the manifest).
    """
    while True:
        try:
            return ft.train_supervised(input=input_path, lr=lr, loss="softmax", verbose=0, **params), lr
        except RuntimeError as exc:
            if "NaN" not in str(exc) or lr < 0.05:
                raise
            lr /= 2
            log(f"fastText diverged; retrying with lr={lr}")


def _select_threshold(detector: Any, rows: Sequence[Row]) -> dict[str, Any]:
    """The lowest threshold at which answered tuning lines are >= 99% correct (0.5 at most)."""
    decisions = detector.decide_batch([r.text for r in rows], threshold=0.0, k=1)
    scored = [
        (d.prediction.confidence if d.prediction else 1.0, d.label == r.label)
        for d, r in zip(decisions, rows, strict=True)
    ]
    table = {}
    chosen = 0.5
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        ans = [ok for c, ok in scored if c >= t]
        acc = sum(ans) / len(ans) if ans else 1.0
        table[str(t)] = {"answered": len(ans) / len(scored), "accuracy": acc}
        if acc >= 0.99 and t < chosen:
            chosen = t
    return {"default": chosen, "per_label": {}, "tuning": table}


def _select_segment(detector: Any, rows: Sequence[Row], seed: int) -> dict[str, float]:
    from awal.lid.codeswitch import score_segments

    by_label: dict[Label, list[str]] = defaultdict(list)
    for r in rows:
        by_label[r.label].append(r.text)
    examples = synthesize(by_label, 800, seed=seed + 7)
    best: tuple[float, SegmentParams] = (-1.0, SegmentParams())
    for ww in (0.3, 0.5, 0.7, 0.85):
        for sc in (0.5, 1.0, 2.0, 3.0, 4.0):
            params = SegmentParams(word_weight=ww, switch_cost=sc)
            detector._model.segment_params = params
            scores = score_segments(examples, detector.segment)
            acc = (float(scores["word_accuracy"]) + float(scores["span_f1"])) / 2
            if acc > best[0]:
                best = (acc, params)
    detector._model.segment_params = best[1]
    return asdict(best[1])


def train(
    data_dir: str | Path,
    out_dir: str | Path,
    config: TrainConfig = TrainConfig(),
    name: str | None = None,
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
    evaluate_dev: bool = True,
    gold_codeswitch: str | Path | None = None,
) -> dict[str, Any]:
    """Train, quantise and write ``<name>.ftz`` + ``<name>.json`` into ``out_dir``; returns the manifest."""
    if config.sources not in ("all", "open"):
        raise DataError(f"sources must be 'all' or 'open', not {config.sources!r}")
    ft = _fasttext_trainer()
    data_dir = Path(data_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or ("full" if config.sources == "all" else "open")
    train_path = split_path(data_dir, "train")
    rows, classes, fit, tune = split_train_rows(data_dir, config.sources, config.tune_every)
    log(f"train rows: {len(fit)} fit + {len(tune)} tuning ({config.sources} sources)")
    examples, stats = build_training_set(fit, config, log)
    prepared = prepare_batch([t for _, t in examples])
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="awal-lid-") as tmp:
        txt = Path(tmp) / "train.txt"
        n_written = 0
        with txt.open("w", encoding="utf-8") as fh:
            for (label, _), p in zip(examples, prepared, strict=True):
                if has_letter(p):
                    fh.write(f"__label__{label.value} {p.strip()}\n")
                    n_written += 1
        log(f"training fastText on {n_written} examples ...")
        model, lr = train_with_backoff(
            ft,
            str(txt),
            config.lr,
            log,
            dim=config.dim,
            epoch=config.epoch,
            minn=config.minn,
            maxn=config.maxn,
            wordNgrams=config.word_ngrams,
            bucket=config.bucket,
            minCount=config.min_count,
            thread=config.threads,
            seed=config.seed,
        )
        log(f"trained in {time.time() - t0:.0f}s")
        if config.quantize_dsub:
            model.quantize(input=str(txt), qnorm=True, retrain=False, cutoff=0, dsub=config.quantize_dsub)
            weights = out_dir / f"{name}.ftz"
        else:
            weights = out_dir / f"{name}.bin"
        model.save_model(str(weights))
    log(f"done in {time.time() - t0:.0f}s: {weights} ({weights.stat().st_size / 1e6:.1f} MB)")
    labels = sorted(lab.value for lab in {lab for lab, _ in examples})
    source_counts = Counter(r.source for r in rows)
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "engine": "fastText supervised classifier (softmax; words, word bigrams, char 2-4-grams); read with fasttext-predict",
        "model_file": weights.name,
        "sha256": sha256_file(weights),
        "size_bytes": weights.stat().st_size,
        "labels": labels,
        "rule_labels": {"und": "text with no letter after removing URLs, e-mails, mentions, emoji, symbols, numbers"},
        "thresholds": {"default": 0.5, "per_label": {}},
        "segment": asdict(SegmentParams()),
        "training": {
            "command": "awal lid train "
            + " ".join(shlex.quote(a) for a in _command_args(data_dir, out_dir, config, name, gold_codeswitch)),
            "config": asdict(config),
            "learning_rate_used": lr,
            "data_files": {
                "lid/train.tsv": sha256_file(train_path),
                "MANIFEST.md": sha256_file(data_dir / "MANIFEST.md"),
            },
            "sources": [
                {"source": s, "licence_class": classes[s], "lines": n} for s, n in sorted(source_counts.items())
            ],
            "licence_classes": sorted({classes[s] for s in source_counts}),
            "tuning_lines": len(tune),
            "examples": stats,
        },
        "licence_note": _licence_note({classes[s] for s in source_counts}),
    }
    manifest_path = out_dir / f"{name}.json"
    _write(manifest_path, manifest)
    # choose the threshold and segmentation parameters on the tuning slice (never on dev)
    _load_model.cache_clear()
    det = load(str(manifest_path))
    manifest["thresholds"] = _select_threshold(det, tune)
    manifest["segment"] = _select_segment(det, tune, config.seed)
    log(f"threshold {manifest['thresholds']['default']}, segment {manifest['segment']}")
    if evaluate_dev and (data_dir / "lid" / "dev.tsv").is_file():
        manifest["metrics"] = {"dev": dev_summary(det, data_dir, gold_codeswitch)}
        log(f"dev macro F1 {manifest['metrics']['dev']['macro_f1']:.4f}")
    _write(manifest_path, manifest)
    _load_model.cache_clear()
    return manifest


def dev_summary(det: Any, data_dir: Path, gold_path: str | Path | None = None) -> dict[str, Any]:
    """The compact dev metrics stored in a manifest."""
    from awal.lid.evaluate import codeswitch_scores, evaluate, short_windows

    dev = list(read_lid(split_path(data_dir, "dev")))
    rep = evaluate(det, dev, short=short_windows(dev), codeswitch=codeswitch_scores(det, dev, gold_path))
    return {
        "split": "dev",
        "data_sha256": sha256_file(split_path(data_dir, "dev")),
        "lines": rep["lines"],
        "accuracy": round(rep["accuracy"], 4),
        "macro_f1": round(rep["macro_f1"], 4),
        "f1": {k: round(v["f1"], 4) for k, v in rep["per_label"].items()},
        "short_1_3_words": {
            "accuracy": round(rep["short_windows_1_3_words"]["accuracy"], 4),
            "macro_f1": round(rep["short_windows_1_3_words"]["macro_f1"], 4),
        },
        "at_threshold": {k: round(v, 4) for k, v in rep["at_threshold"].items()},
        "codeswitch": {k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in rep.get("codeswitch", {}).items()},
    }


def _licence_note(classes: set[str]) -> str:
    if classes == {"open"}:
        return "Trained only on openly licensed sources (CC BY, CC BY-SA, MIT, Apache, LGPL, public domain)."
    parts = ["Trained on sources with licence classes " + ", ".join(sorted(classes)) + "."]
    if "nc" in classes:
        parts.append(
            "Some sources are non-commercial (CC BY-NC*): whether weights trained on them may be used commercially "
            "is unsettled; commercial users should prefer the 'open' model."
        )
    if "unknown" in classes:
        parts.append("Some sources state no licence: their authors' rights were not cleared.")
    return " ".join(parts)


def _command_args(data_dir: Path, out_dir: Path, config: TrainConfig, name: str, gold: str | Path | None) -> list[str]:
    args = ["--data", str(data_dir), "--out", str(out_dir), "--sources", config.sources, "--seed", str(config.seed)]
    args += ["--name", name, "--threads", str(config.threads), "--dim", str(config.dim), "--bucket", str(config.bucket)]
    args += ["--min-count", str(config.min_count), "--quantize-dsub", str(config.quantize_dsub)]
    return [*args, "--gold-codeswitch", str(gold)] if gold else args


def _write(path: Path, obj: dict[str, Any]) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
