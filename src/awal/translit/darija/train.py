"""Train the Darija transliteration model from ``../shared/data`` (``awal translit train``).

Pipeline, per variety (ary, mey, aeb), from the sentence pairs of
``translit/arabizi_train.tsv`` only (never the dev split):

1. word alignment: sentence pairs with as many Latin as Arabic tokens are zipped
   (99.8 % of the Moroccan pairs); punctuation is peeled off both sides;
2. character alignment: EM over the unique word pairs (:mod:`._align`) with the
   conventional digit/digraph letters as a prior;
3. a joint n-gram model over the aligned graphones (generates candidates in both
   directions): a pruned bigram model for ary, 4-grams for mey/aeb (``JOINT_SETTINGS``);
4. the word lexicon in both directions (counts);
5. character 5-gram LMs of the target scripts: Arabic-script Darija from the ``ary_Arab``
   lines of ``lid/train.tsv`` *excluding DODa* (whose Arabic is letter-by-letter, the
   style we must not only learn), and Arabizi from the ``ary_Latn`` lines;
6. a table of word log-odds French/English/Spanish vs Darija (``lid/train.tsv``) used as the
   fast first filter for code-switching;
7. per variety, the Latin lexicon words that :mod:`awal.lid` (the installed model, asked
   once per word at train time) reads as French, English or Spanish: the screen that decides
   when a code-switched sentence needs lid's spans at run time (``<variety>.lid_european``).

Everything is written into one compressed ``model.npz`` (UTF-8 tables as byte arrays;
no pickle) and ``manifest.json`` (sources, licence classes, data sha256, parameters).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from awal.errors import DataError
from awal.translit.darija._align import Aligner
from awal.translit.darija._model import graphone_symbol
from awal.translit.darija._ngram import BOS, EOS, NgramModel
from awal.translit.darija._text import arabic_key, arabic_units, is_arabic_word, latin_key

__all__ = ["FORMAT_VERSION", "VARIETIES", "train"]

FORMAT_VERSION = 1
VARIETIES = ("ary", "mey", "aeb")
CHAR_ORDER = 5
#: per variety: (order of the joint graphone model, minimum count per n-gram order). Moroccan is a
#: bigram model with bigrams seen once pruned: its tables (~19k n-grams) stay in the core's cache
#: while a first pass decodes new words, for no loss of accuracy on TRAIN pairs held out from
#: fitting (docs/translit-darija.md, "Model size"); the small Hassaniya/Tunisian sets keep 4-grams.
JOINT_SETTINGS: dict[str, tuple[int, dict[int, int]]] = {
    "ary": (2, {2: 2}),
    "mey": (4, {3: 2, 4: 2}),
    "aeb": (4, {3: 2, 4: 2}),
}
PHRASE_MIN_COUNT = 8
CHAR_MIN_COUNT = 2
SEED = 20240611

_EDGE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_HAS_LETTER = re.compile(r"[^\W\d_]")

#: conventional correspondences (the prior: pseudo-counts, not rules)
_COMMON_PRIOR = {
    "a": "ا", "i": "ي", "o": "و", "u": "و", "ou": "و", "b": "ب", "t": "ت", "j": "ج", "d": "د",
    "r": "ر", "z": "ز", "s": "س", "f": "ف", "k": "ك", "l": "ل", "m": "م", "n": "ن", "h": "ه",
    "w": "و", "y": "ي", "ch": "ش", "sh": "ش", "kh": "خ", "gh": "غ", "q": "ق", "p": "پ", "v": "ڤ",
    "T": "ط", "S": "ص", "D": "ض", "3": "ع", "7": "ح", "2": "ء", "9": "ق",
}  # fmt: skip
_PRIORS = {
    "ary": {**_COMMON_PRIOR, "5": "خ", "8": "ه", "g": "ڭ", "x": "ش"},
    "mey": {**_COMMON_PRIOR, "5": "خ", "4": "ذ", "6": "ط", "8": "ظ", "g": "گ", "dh": "ض", "v": "ف"},
    "aeb": {**_COMMON_PRIOR, "5": "خ", "8": "ه", "4": "غ", "g": "ق"},
}

#: licence classes of the sources used (from shared/data/MANIFEST.md)
SOURCE_LICENCES = {
    "doda_ongoing": ("DODa ongoing/ sentence pairs", "CC BY-NC 4.0", "nc"),
    "doda_sentences": ("DODa sentences.csv v2-init", "CC BY-NC 4.0", "nc"),
    "doda_shorts": ("DODa x-tra/shorts.csv", "CC BY-NC 4.0", "nc"),
    "dah": ("DAH (DAtaset Hassaniya) enriched", "CC BY 4.0", "open"),
    "tarc": ("TArC (Tunisian Arabish Corpus)", "CC BY-NC-SA 4.0", "nc"),
    "nllb_seed": ("NLLB-Seed (ary_Arab)", "CC BY-SA 4.0", "open"),
    "marsum": ("MArSum headlines (ary_Arab)", "CC BY 4.0", "open"),
    "mac": ("MAC Moroccan Arabic Corpus (ary_Arab)", "none stated", "unknown"),
    "myc": ("MYC Moroccan YouTube Corpus (ary_Arab, ary_Latn)", "none stated", "unknown"),
    "doda_sentences_mit": ("DODa sentences, MIT-era (ary_Latn)", "MIT", "open"),
}


# -- data reading -----------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_tsv(path: Path, columns: int) -> Iterator[list[str]]:
    """Rows of a shared-data TSV (header skipped); malformed rows raise :class:`DataError`."""
    if not path.is_file():
        raise DataError(f"missing data file {path}; pass --data pointing at shared/data")
    with open(path, encoding="utf-8") as fh:
        header = fh.readline()
        if not header:
            raise DataError(f"{path} is empty")
        for lineno, line in enumerate(fh, start=2):
            row = line.rstrip("\n").split("\t")
            if len(row) != columns:
                raise DataError(f"{path}:{lineno}: expected {columns} columns, found {len(row)}")
            yield row


def read_pairs(data: Path, split: str) -> list[tuple[str, str, str, str]]:
    """``(variety, source, latin, arabic)`` rows of ``translit/arabizi_<split>.tsv``."""
    return [tuple(r) for r in read_tsv(data / "translit" / f"arabizi_{split}.tsv", 4)]  # type: ignore[misc]


def peel(token: str) -> tuple[str, str, str]:
    """Split a whitespace token into (leading punctuation, core, trailing punctuation)."""
    m = _EDGE.match(token)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def word_pairs(latin: str, arabic: str) -> Iterator[tuple[str, str]]:
    """Aligned (Latin core, Arabic core) words of one sentence pair (same token count only)."""
    lt, at = latin.split(), arabic.split()
    if len(lt) != len(at):
        return
    for lw, aw in zip(lt, at, strict=True):
        lc, ac = peel(lw)[1], peel(aw)[1]
        if not lc or not ac or not _HAS_LETTER.search(lc) or not lc.isascii():
            continue
        if not is_arabic_word(ac):
            continue
        yield lc, ac


# -- training ------------------------------------------------------------------------------
def _char_lm(words: Counter, order: int, min_count: int) -> NgramModel:
    # weight 1 + log(count): frequent words count more, without drowning the rare ones
    clean = ((w, c) for w, c in words.items() if BOS not in w and EOS not in w)
    return NgramModel.train(((w, 1 + int(math.log(c))) for w, c in clean), order, 64, min_count)


def train_variety(
    variety: str, pairs: list[tuple[str, str, str, str]], log=print
) -> tuple[list[tuple[str, str]], NgramModel, dict, dict, dict]:
    """Align and count one variety; returns graphones, joint model, lexicons, stats."""
    lex: dict[str, Counter] = defaultdict(Counter)
    rlex: dict[str, Counter] = defaultdict(Counter)
    uniq: Counter = Counter()
    sentences = 0
    for v, _src, latin, arabic in pairs:
        if v != variety:
            continue
        sentences += 1
        for lc, ac in word_pairs(latin, arabic):
            k, a = latin_key(lc), arabic_key(ac)
            if not a:
                continue
            lex[k][a] += 1
            rlex[a][lc.lower()] += 1
            uniq[(k, a)] += 1
    if not uniq:
        raise DataError(f"no word pairs for variety {variety!r}")
    prior = {(lat, ar): 1.0 for lat, ar in _PRIORS[variety].items()}
    aligner = Aligner(prior)
    items = sorted((k, tuple(arabic_units(a)), 1.0) for (k, a) in uniq)
    t0 = time.time()
    stats = aligner.fit(items, iterations=5)
    log(f"  {variety}: EM over {len(items)} unique word pairs in {time.time() - t0:.0f}s ({stats})")
    gid: dict[tuple[str, str], int] = {}
    seqs: list[tuple[list[int], int]] = []
    for k, units, _ in items:
        path = aligner.viterbi(k, units)
        if path is None:
            continue
        seqs.append(("".join(graphone_symbol(gid.setdefault(g, len(gid))) for g in path), 1))
    graphones = [g for g, _ in sorted(gid.items(), key=lambda kv: kv[1])]
    order, min_counts = JOINT_SETTINGS[variety]
    joint = NgramModel.train(seqs, order, len(graphones) + 2, min_counts=min_counts)
    info = {
        "joint_order": order,
        "joint_min_counts": {str(n): c for n, c in sorted(min_counts.items())},
        "joint_ngrams": len(joint.logp),
        "joint_histories": len(joint.bow),
        "sentence_pairs": sentences,
        "word_pairs": sum(uniq.values()),
        "unique_word_pairs": len(uniq),
        "unalignable_word_pairs": stats["unalignable"],
        "graphones": len(graphones),
    }
    lexicon = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for k, c in lex.items()}
    rlexicon = {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for k, c in rlex.items()}
    return graphones, joint, lexicon, rlexicon, info


def corpus_words(data: Path, pair_words: Counter) -> tuple[Counter, Counter, Counter, dict[str, float], dict]:
    """Standard Arabic-script Darija words and phrases, Arabizi words, foreign log-odds, source counts.

    ``pair_words`` are the Latin words of the training pairs: Darija evidence for the
    European-vs-Darija log-odds, next to the ``ary_Latn`` LID lines.
    """
    arab: Counter = Counter()
    phrases: Counter = Counter()
    latn: Counter = Counter()
    foreign: Counter = Counter()
    darija_latn: Counter = Counter(pair_words)
    sources: Counter = Counter()
    for label, source, text in read_tsv(data / "lid" / "train.tsv", 3):
        if label == "ary_Arab" and not source.startswith("doda"):
            sources[f"ary_Arab:{source}"] += 1
            line_words: list[str | None] = []
            for tok in text.split():
                core = peel(tok)[1]
                if core and is_arabic_word(core) and not any("\u0660" <= c <= "\u0669" for c in core):
                    word = arabic_key(core).replace("\u0651", "")
                    arab[word] += 1
                    line_words.append(word)
                else:
                    line_words.append(None)
            # two- and three-word fixed expressions ("إن شاء الله"), written as one word in Arabizi
            for n in (2, 3):
                for i in range(len(line_words) - n + 1):
                    gram = line_words[i : i + n]
                    if all(gram):
                        phrases[" ".join(gram)] += 1  # type: ignore[arg-type]
        elif label == "ary_Latn":
            sources[f"ary_Latn:{source}"] += 1
            for tok in text.split():
                core = peel(tok)[1]
                if core and _HAS_LETTER.search(core):
                    darija_latn[core.lower()] += 1
                    if core.isascii():
                        latn[core.lower()] += 1
        elif label in ("fra_Latn", "eng_Latn", "spa_Latn"):
            sources[f"{label}:{source}"] += 1
            for tok in text.split():
                core = peel(tok)[1]
                if core and _HAS_LETTER.search(core):
                    foreign[core.lower()] += 1
    # log-odds of a word being European rather than Darija (add-one smoothed, per-corpus rates)
    ft, dt = sum(foreign.values()), sum(darija_latn.values())
    odds: dict[str, float] = {}
    for w, c in foreign.items():
        if c < 2:
            continue
        odds[w] = math.log((c + 1) / ft) - math.log((darija_latn.get(w, 0) + 1) / dt)
    return arab, phrases, latn, odds, dict(sources)


#: the labels whose spans stay in Latin script (as in awal.translit.darija._EUROPEAN_LABELS)
_EUROPEAN = frozenset({"fra_Latn", "eng_Latn", "spa_Latn"})


def lid_european_words(words: Iterable[str]) -> tuple[list[str], dict] | None:
    """The ASCII ``words`` that awal.lid, read one word at a time, gives to French, English or Spanish.

    At run time a code-switched sentence asks lid for spans only when one of its words could
    be European to lid but not to the lexical tables (see ``_lid_needed`` in the package):
    a Darija-lexicon word without a European-table entry that is in this list ("carte"), or a
    word in no table at all. Returns the sorted list and a record for the manifest (lid model
    name and sha256 of its manifest), or ``None`` when awal.lid or its model is unavailable
    (the run-time code then asks lid for every triggered sentence, as without this table).
    """
    keys = sorted({w for w in words if w.isascii() and w})
    try:
        from awal.lid.detector import load

        detector = load("default")
        preds = detector.detect_batch(keys, threshold=0.0)
    except Exception:  # lid not installed, or its model missing or broken: no screen
        return None
    out = [w for w, p in zip(keys, preds, strict=True) if p is not None and str(p.label.value) in _EUROPEAN]
    record = {
        "lid_model": detector.name,
        "lid_model_sha256": str(detector.manifest.get("sha256", "?")),
        "words_read": len(keys),
        "european": len(out),
    }
    return out, record


def _blob(lines: Iterable[str]) -> np.ndarray:
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


def _lex_lines(lex: dict[str, list[tuple[str, int]]]) -> list[str]:
    return [k + "\t" + "\x02".join(f"{a}\x01{c}" for a, c in items) for k, items in sorted(lex.items())]


def train(data: Path, out: Path, varieties: Iterable[str] = VARIETIES, log=print) -> dict:
    """Train every variety and write ``model.npz`` + ``manifest.json`` into ``out``."""
    data = Path(data)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    np.random.seed(SEED)  # nothing is sampled today; fixed for any future sampling step
    t0 = time.time()
    train_path = data / "translit" / "arabizi_train.tsv"
    lid_path = data / "lid" / "train.tsv"
    pairs = read_pairs(data, "train")
    log(f"read {len(pairs)} training pairs")
    pair_words: Counter = Counter()
    for _v, _s, latin, _a in pairs:
        for tok in latin.split():
            core = peel(tok)[1]
            if core and _HAS_LETTER.search(core):
                pair_words[core.lower()] += 1
    arab_words, phrases, latn_words, odds, lm_sources = corpus_words(data, pair_words)
    log(f"standard Darija words: {len(arab_words)} types; Arabizi words: {len(latn_words)} types")
    arab_lm = _char_lm(arab_words, CHAR_ORDER, CHAR_MIN_COUNT)
    latn_lm = _char_lm(latn_words, CHAR_ORDER, CHAR_MIN_COUNT)
    arrays: dict[str, np.ndarray] = {
        **arab_lm.to_arrays("arab_lm"),
        **latn_lm.to_arrays("latn_lm"),
        "foreign": _blob(f"{w}\t{v:.3f}" for w, v in sorted(odds.items()) if v > 0),
        "std_words": _blob(f"{w}\t{c}" for w, c in sorted(arab_words.items()) if c >= 2),
        "std_phrases": _blob(f"{w}\t{c}" for w, c in sorted(phrases.items()) if c >= PHRASE_MIN_COUNT),
    }
    variety_info: dict[str, dict] = {}
    pair_sources: Counter = Counter((v, s) for v, s, _, _ in pairs)
    for variety in varieties:
        graphones, joint, lexicon, rlexicon, info = train_variety(variety, pairs, log)
        arrays[f"{variety}.graphones"] = _blob(f"{lat}\t{ar}" for lat, ar in graphones)
        arrays.update(joint.to_arrays(f"{variety}.joint"))
        arrays[f"{variety}.lexicon"] = _blob(_lex_lines(lexicon))
        arrays[f"{variety}.rlexicon"] = _blob(_lex_lines(rlexicon))
        screen = lid_european_words(lexicon)
        if screen is not None:
            arrays[f"{variety}.lid_european"] = _blob(screen[0])
            info["lid_european"] = screen[1]
        info["sources"] = sorted(s for (v, s) in pair_sources if v == variety)
        variety_info[variety] = info
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    model_bytes = buf.getvalue()
    (out / "model.npz").write_bytes(model_bytes)
    used_sources = sorted({s for (_, s) in pair_sources} | {k.split(":", 1)[1] for k in lm_sources})
    manifest = {
        "name": "awal.translit.darija",
        "format_version": FORMAT_VERSION,
        "description": "Darija Arabizi <-> Arabic-script transliteration: graphone joint n-gram, word lexicon, character LMs",
        "varieties": variety_info,
        "licence_notice": (
            "NON-COMMERCIAL: the Moroccan (ary) tables are learned from DODa (CC BY-NC 4.0) and the Tunisian (aeb) "
            "tables from TArC (CC BY-NC-SA 4.0); weights trained on non-commercial data inherit that restriction. "
            "The Hassaniya (mey) tables come from DAH (CC BY 4.0, open). The Arabic-script LM also uses MAC and MYC, "
            "whose licence is not stated (class unknown)."
        ),
        "sources": [
            {
                "source": s,
                "name": SOURCE_LICENCES.get(s, (s, "?", "unknown"))[0],
                "licence": SOURCE_LICENCES.get(s, (s, "?", "unknown"))[1],
                "licence_class": SOURCE_LICENCES.get(s, (s, "?", "unknown"))[2],
            }
            for s in used_sources
        ],
        "lm_lines": lm_sources,
        "data": {
            "translit/arabizi_train.tsv": sha256_file(train_path),
            "lid/train.tsv": sha256_file(lid_path),
        },
        "parameters": {
            "joint_order": {v: JOINT_SETTINGS[v][0] for v in variety_info},
            "joint_min_counts": {v: {str(n): c for n, c in sorted(JOINT_SETTINGS[v][1].items())} for v in variety_info},
            "char_order": CHAR_ORDER,
            "char_min_count": CHAR_MIN_COUNT,
            "em_iterations": 5,
            "seed": SEED,
        },
        "files": {"model.npz": hashlib.sha256(model_bytes).hexdigest()},
        "train_seconds": round(time.time() - t0, 1),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out / 'model.npz'} ({len(model_bytes) / 1e6:.2f} MB) in {time.time() - t0:.0f}s")
    return manifest
