"""The learned transliteration model: graphone joint n-gram + lexicon + character LMs.

For one word the model generates candidates with a beam search over a joint n-gram
model of graphones (aligned Latin/Arabic chunks), in either direction; a character
language model of the *target* script re-ranks them (real Darija text pushes towards
ordinary spelling), and the word lexicon learned from the sentence pairs, when it knows
the word, is mixed in as counts with the model posterior as a Dirichlet prior.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from awal.translit.darija._align import _LONG_CHUNKS, latin_chunks
from awal.translit.darija._ngram import BOS, EOS, NgramModel
from awal.translit.darija._text import SHADDA, arabic_units

__all__ = ["GRAPHONE_BASE", "Scoring", "VarietyModel", "graphone_symbol", "logsumexp_dict"]

#: word -> [(spelling, count)], most frequent first
Lexicon = dict[str, list[tuple[str, int]]]
#: bound of the per-process step caches of greedy decoding (entries)
_STEP_LIMIT = 1_000_000
#: chunk marker of the Latin-only graphones in the back-off memo (no Latin chunk holds it)
_EPS = "\x00"
#: graphone ids are written as one private character each, so joint n-grams are strings
GRAPHONE_BASE = 0xF0000


def graphone_symbol(gid: int) -> str:
    """The one-character symbol of graphone ``gid`` in the joint n-gram model."""
    return chr(GRAPHONE_BASE + gid)


@dataclass(frozen=True)
class Scoring:
    """Decoding settings (code, not data: the tables do not depend on them).

    Tuned on the dev split (1,500 Moroccan pairs): for running text the joint model's greedy
    best path (beam 1) matched the references better than a wide beam re-ranked by the
    character LM (normalised word accuracy 0.944 vs 0.926) and is 20x faster, so
    :func:`to_arabic` / :func:`to_latin` use ``beam``; the n-best lists of ``candidates``
    explore ``nbest_beam`` hypotheses ranked with the character LM.
    """

    #: hypotheses kept per position when transliterating running text
    beam: int = 1
    #: hypotheses kept for n-best lists (at least 2 n)
    nbest_beam: int = 24
    #: weight of the target-script character LM against the joint model in n-best lists
    lm_weight: float = 0.3
    #: Dirichlet strength of the model posterior when the lexicon knows the word
    lexicon_prior: float = 0.5


def logsumexp_dict(items: dict[str, float]) -> dict[str, float]:
    """Normalise log-scores into probabilities (softmax)."""
    if not items:
        return {}
    top = max(items.values())
    exps = {k: math.exp(v - top) for k, v in items.items()}
    z = sum(exps.values())
    return {k: v / z for k, v in exps.items()}


def _strip_shadda(text: str) -> str:
    return text.replace(SHADDA, "")


class VarietyModel:
    """Everything learned for one variety (ary, mey, aeb)."""

    def __init__(
        self,
        graphones: list[tuple[str, str]],
        lexicon: Lexicon | Callable[[], Lexicon],
        rlexicon: Lexicon | Callable[[], Lexicon],
        tables: Callable[[str], Any],
        scoring: Scoring,
    ) -> None:
        """``tables(name)`` returns the heavy parts on first use: ``joint``, ``arab_lm``,
        ``latn_lm`` (:class:`NgramModel`) and ``std_words`` (dict) — a text whose words are
        all in the lexicon never loads them. The lexicons may be given as functions that
        build them: they are then parsed on first use (the compiled decoder does not need them)."""
        self.graphones = graphones
        self._lexicon = lexicon
        self._rlexicon = rlexicon
        self._tables = tables
        self.scoring = scoring
        #: input chunk -> [(graphone symbol, output chunk)] per direction; eps = Latin-only graphones
        self.fwd_index: dict[str, list[tuple[str, str]]] = {}
        self.rev_index: dict[str, list[tuple[str, str]]] = {}
        self.eps: list[tuple[str, str]] = []
        self._aligner: Any = None
        self._standardizer: Any = None
        self._joint: NgramModel | None = None
        #: greedy Latin -> Arabic: word prefix -> best (score, history, output) at its end
        self._prefixes: dict[str, tuple[Any, ...]] = {}
        #: greedy Arabic -> Latin: the same per prefix of the Arabic word
        self._rprefixes: dict[str, tuple[Any, ...]] = {}
        #: greedy decoding: (history + input chunk) -> best step, per direction (see _greedy)
        self._steps: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
        #: Latin -> Arabic: best graphone per (history suffix + chunk), and per seen (history + chunk)
        self._fwd_memo: dict[str, tuple[float, str, str]] | None = None
        self._fwd_seen: dict[str, tuple[float, str, str]] = {}
        #: history -> best Latin-only (epsilon) step, for Arabic -> Latin
        self._eps_steps: dict[str, Any] = {}
        #: the compiled decoder (awal.translit.darija._fast.Decoder), False when not available
        self._fast: Any = None
        #: False = always the pure-Python reference (tests, or $AWAL_DARIJA_PURE)
        self.accelerate = True
        for gid, (lat, ar) in enumerate(graphones):
            sym = graphone_symbol(gid)
            self.fwd_index.setdefault(lat, []).append((sym, ar))
            if ar:
                self.rev_index.setdefault(ar, []).append((sym, lat))
            else:
                self.eps.append((sym, lat))

    @property
    def lexicon(self) -> Lexicon:
        """Latin lookup key -> [(Arabic spelling, count)], most frequent first."""
        lex = self._lexicon
        if callable(lex):
            lex = self._lexicon = lex()
        return lex

    @property
    def rlexicon(self) -> Lexicon:
        """Arabic lookup key -> [(Latin spelling, count)], most frequent first."""
        lex = self._rlexicon
        if callable(lex):
            lex = self._rlexicon = lex()
        return lex

    @property
    def joint(self) -> NgramModel:
        joint = self._joint
        if joint is None:
            joint = self._joint = self._tables("joint")
        return joint

    @property
    def fast(self) -> Any:
        """The compiled decoder for this variety, or ``None`` (not built, or disabled).

        Built once from the stored arrays (no Python n-gram dict is needed for it); it gives
        exactly the outputs of the Python reference (``_greedy_latin_py``, ``_greedy_arabic_py``,
        ``_ToArabic.word``).
        """
        if not self.accelerate:
            return None
        fast = self._fast
        if fast is None:
            fast = self._fast = self._tables("fast")
        return fast or None

    @property
    def arab_lm(self) -> NgramModel:
        return self._tables("arab_lm")

    @property
    def latn_lm(self) -> NgramModel:
        return self._tables("latn_lm")

    @property
    def std_words(self) -> dict[str, int]:
        return self._tables("std_words")

    @property
    def standardizer(self) -> Any:
        """:class:`~awal.translit.darija._spelling.Standardizer` over real Darija text (built once)."""
        if self._standardizer is None:
            from awal.translit.darija._spelling import Standardizer

            self._standardizer = Standardizer(self._tables("std_words"), self._tables("std_phrases"))
        return self._standardizer

    # -- alignment ------------------------------------------------------------------
    def align(self, latin: str, units: Sequence[str]) -> list[tuple[str, str]] | None:
        """Letter-level alignment of a (Latin, Arabic units) pair: each Arabic unit with its Latin chunk.

        Uses the unigram probabilities of the learned graphones that hold at most one Arabic
        unit, so every Arabic letter gets its own Latin chunk (the scholarly scheme needs that).
        """
        if self._aligner is None:
            from awal.translit.darija._align import Aligner

            aligner = Aligner({}, max_arabic=1)
            unigram = self.joint.logp
            aligner.prob = {
                g: math.exp(unigram.get(graphone_symbol(gid), self.joint.unk_logp))
                for gid, g in enumerate(self.graphones)
                if len(arabic_units(g[1])) <= 1
            }
            self._aligner = aligner
        return self._aligner.viterbi(latin, units)

    # -- generation -----------------------------------------------------------------
    def _decode(self, seq: Sequence[str], forward: bool, beam: int) -> dict[str, float]:
        """Beam search; returns output string -> log joint probability (segmentations summed)."""
        score = self.joint.score
        n_hist = self.joint.order - 1
        length = len(seq)
        agenda: list[list[tuple[float, str, str, bool]]] = [[] for _ in range(length + 1)]
        agenda[0].append((0.0, BOS * n_hist, "", False))
        for i in range(length + 1):
            hyps = agenda[i]
            if not hyps:
                continue
            if not forward and self.eps:
                extra = [
                    (s + score(h, sym), (h + sym)[-n_hist:], o + out, True)
                    for s, h, o, last_eps in hyps
                    if not last_eps
                    for sym, out in self.eps
                ]
                hyps = hyps + extra
            if len(hyps) > beam:
                hyps = heapq.nlargest(beam, hyps, key=itemgetter(0))
            agenda[i] = hyps
            if i == length:
                break
            if forward:
                chunks = [(c, len(c)) for c in latin_chunks(seq, i)]  # type: ignore[arg-type]
                index = self.fwd_index
            else:
                chunks = [("".join(seq[i : i + k]), k) for k in (1, 2) if i + k <= length]
                index = self.rev_index
            for chunk, k in chunks:
                options = index.get(chunk)
                if not options:
                    continue
                agenda[i + k].extend(
                    (s + score(h, sym), (h + sym)[-n_hist:], o + out, False)
                    for s, h, o, _ in hyps
                    for sym, out in options
                )
        results: dict[str, float] = {}
        for s, h, o, _ in agenda[length]:
            total = s + score(h, EOS)
            prev = results.get(o)
            if prev is None:
                results[o] = total
            else:
                hi, lo = (prev, total) if prev > total else (total, prev)
                results[o] = hi + math.log1p(math.exp(lo - hi))
        return results

    def _greedy(self, seq: Sequence[str], forward: bool) -> dict[str, float]:
        """``_decode(seq, forward, beam=1)`` without the agenda: the same best path, much faster.

        With one hypothesis per position only the best continuation of each (history, input
        chunk) pair can survive, so that step is looked up once per process in ``_steps``
        (keys are the fixed-length history followed by the chunk) instead of scoring every
        graphone of the chunk for every word. Positions are visited in the same order and
        ties keep the first candidate, as in :meth:`_decode`. Latin -> Arabic goes through
        :meth:`_greedy_latin_py` (or the compiled decoder); Arabic -> Latin also needs, per step, the best continuation
        followed by one Latin-only graphone (see ``_step``).
        """
        fast = self.fast
        if fast is not None:
            found = fast.greedy(seq) if forward else fast.greedy_arabic(list(seq))
            return {} if found is None else {found[0]: found[1]}
        if forward:
            return self._greedy_latin_py(seq, self.joint)  # type: ignore[arg-type]
        return self._greedy_arabic_py(seq, self.joint)

    def _greedy_arabic_py(self, units: Sequence[str], joint: NgramModel) -> dict[str, float]:
        """Greedy Arabic -> Latin, position by position, memoised per word prefix (the reference
        of the compiled ``Decoder.greedy_arabic``).

        At each position the best arrival competes with the best arrival followed by one
        Latin-only graphone (a vowel Arabic does not write); the arrival wins ties, as in
        :meth:`_decode`, where such extensions are listed after the arrivals.
        """
        prefixes = self._rprefixes
        if len(prefixes) > _STEP_LIMIT:
            prefixes.clear()
        steps = self._steps[1]
        has_eps = bool(self.eps)
        root = (0.0, BOS * (joint.order - 1), "")
        states: list[tuple[Any, ...]] = []
        text = "".join(units)
        end = 0
        for j in range(len(units) + 1):
            end += len(units[j - 1]) if j else 0
            prefix = text[:end]
            state = prefixes.get(prefix) if j else None
            if state is None:
                arrival: tuple[Any, ...] = ()
                ext: tuple[Any, ...] = ()
                if j == 0:
                    arrival = root
                    if has_eps:
                        e = self._eps_steps.get(root[1]) or self._eps_step(root[1])
                        ext = (0.0 + e[0], e[1], e[2])
                for i in (j - 2, j - 1):
                    if i < 0 or not states[i]:
                        continue
                    src = states[i]
                    h = src[1]
                    chunk = "".join(units[i:j])
                    step = steps.get(h + chunk)
                    if step is None:
                        step = self._step(h, chunk, False)
                    if not step:
                        continue
                    t = src[0] + step[0]
                    if not arrival or t > arrival[0]:
                        arrival = (t, step[1], src[2] + step[2])
                    if len(step) > 3:
                        t = src[0] + step[3] + step[4]
                        if not ext or t > ext[0]:
                            ext = (t, step[5], src[2] + step[6])
                state = ext if ext and (not arrival or ext[0] > arrival[0]) else arrival
                if j:
                    prefixes[prefix] = state
            states.append(state)
        last = states[-1]
        if not last:
            return {}
        return {last[2]: last[0] + joint.score(last[1], EOS)}

    def _greedy_latin_py(self, word: str, joint: NgramModel) -> dict[str, float]:
        """Greedy Latin -> Arabic, position by position, memoised per word prefix (the reference
        of the compiled ``Decoder.greedy``).

        The best hypothesis at position ``j`` only depends on ``word[:j]`` (every chunk
        arriving there lies inside it), so ``_prefixes`` keeps ``(score, history, output)``
        per prefix and words sharing a beginning (``ka-``, ``l-``, ``ma-``) reuse it. Sources
        are visited left to right and ties keep the first, as in :meth:`_decode`.
        """
        prefixes = self._prefixes
        if len(prefixes) > _STEP_LIMIT:
            prefixes.clear()
        steps = self._steps[0]
        states: list[tuple[Any, ...]] = [(0.0, BOS * (joint.order - 1), "")]
        for j in range(1, len(word) + 1):
            prefix = word[:j]
            state = prefixes.get(prefix)
            if state is None:
                state = ()
                for i in range(j - 4 if j > 4 else 0, j):
                    src = states[i]
                    if not src or i == j - 3:
                        continue
                    chunk = word[i:j]
                    if i == j - 4 and chunk.lower() not in _LONG_CHUNKS:
                        continue
                    h = src[1]
                    step = steps.get(h + chunk)
                    if step is None:
                        step = self._step(h, chunk, True)
                    if not step:
                        continue
                    t = src[0] + step[0]
                    if not state or t > state[0]:
                        state = (t, step[1], src[2] + step[2])
                prefixes[prefix] = state
            states.append(state)
        last = states[-1]
        if not last:
            return {}
        return {last[2]: last[0] + joint.score(last[1], EOS)}

    def _step(self, h: str, chunk: str, forward: bool) -> tuple[Any, ...]:
        """Best graphone for ``chunk`` after history ``h``: ``(logp, new history, output)``.

        Arabic -> Latin appends the best (graphone, Latin-only graphone) pair:
        ``(logp1, logp2, history, output)``. ``()`` when no graphone reads ``chunk``.
        """
        steps = self._steps[0 if forward else 1]
        if len(steps) > _STEP_LIMIT:
            steps.clear()
        options = (self.fwd_index if forward else self.rev_index).get(chunk)
        if not options:
            steps[h + chunk] = ()
            return ()
        score = self.joint.score
        n_hist = self.joint.order - 1
        if forward:
            sym, out = self._fwd_best(h, chunk, options)
            step = (score(h, sym), (h + sym)[-n_hist:], out)
            steps[h + chunk] = step
            return step
        top: tuple[Any, ...] = ()
        scored = []
        for idx, (sym, out) in enumerate(options):
            d = score(h, sym)
            nh = (h + sym)[-n_hist:]
            if not top or d > top[0]:
                top = (d, nh, out)
            scored.append((-d, idx, nh, out))
        pair: tuple[Any, ...] = ()
        if self.eps:
            # best (graphone, Latin-only graphone) pair, first in option order on ties; a
            # Latin-only graphone scores below 0, so options are tried best first and the
            # search stops at the first one whose own score cannot beat the best pair
            scored.sort()
            pair_value, pair_idx = -math.inf, -1
            for neg_d, idx, nh, out in scored:
                d = -neg_d
                if d <= pair_value:
                    break
                e = self._eps_steps.get(nh) or self._eps_step(nh)
                v = d + e[0]
                if v > pair_value or (v == pair_value and idx < pair_idx):
                    pair_value, pair_idx = v, idx
                    pair = (d, e[0], e[1], out + e[2])
        step = top + pair
        steps[h + chunk] = step
        return step

    def _fwd_best(self, h: str, chunk: str, options: list[tuple[str, str]]) -> tuple[str, str]:
        """The graphone (symbol, output) reading Latin ``chunk`` that scores best after ``h``.

        Uses the back-off structure instead of scoring every option: an option seen after
        ``h`` scores its stored n-gram, which (interpolated Witten-Bell) is at least its
        backed-off score; an unseen one scores ``bow(h)`` plus its score after ``h[1:]``. So
        the best is the better of the best seen option and ``bow(h)`` + the best after
        ``h[1:]`` — a few look-ups, memoised per (history suffix, chunk) in ``_fwd_memo``.
        """
        memo = self._fwd_memo
        if memo is None:
            memo = self._fwd_memo = self._build_fwd_memo()
        _, sym, out = self._fwd_value(h, chunk, options, memo)
        return sym, out

    def _fwd_value(
        self, h: str, chunk: str, options: list[tuple[str, str]], memo: dict[str, tuple[float, str, str]]
    ) -> tuple[float, str, str]:
        key = h + chunk
        hit = memo.get(key)
        if hit is not None:
            return hit
        joint = self.joint
        if not h:
            logp, unk = joint.logp, joint.unk_logp
            best: tuple[float, str, str] | None = None
            for sym, out in options:
                v = logp.get(sym, unk)
                if best is None or v > best[0]:
                    best = (v, sym, out)
            assert best is not None
        else:
            lower = self._fwd_value(h[1:], chunk, options, memo)
            best = (joint.bow.get(h, 0.0) + lower[0], lower[1], lower[2])
            seen = self._fwd_seen.get(key)
            if seen is not None and seen[0] >= best[0]:
                best = seen
        if len(memo) > _STEP_LIMIT:
            memo.clear()
        memo[key] = best
        return best

    def _build_fwd_memo(self) -> dict[str, tuple[float, str, str]]:
        """Per (history, Latin chunk) of the seen n-grams: the best graphone (first on ties).

        Latin-only graphones are also filed under (history, ``_EPS``), with their Latin output.
        """
        seen: dict[str, tuple[float, str, str]] = {}
        graphones = self.graphones
        for ctx, v in self.joint.logp.items():
            gid = ord(ctx[-1]) - GRAPHONE_BASE
            if len(ctx) < 2 or not 0 <= gid < len(graphones):
                continue
            lat, ar = graphones[gid]
            keys = ((ctx[:-1] + lat, ar), (ctx[:-1] + _EPS, lat)) if not ar else ((ctx[:-1] + lat, ar),)
            for key, out in keys:
                prev = seen.get(key)
                if prev is None or v > prev[0] or (v == prev[0] and ctx[-1] < prev[1]):
                    seen[key] = (v, ctx[-1], out)
        self._fwd_seen = seen
        return {}

    def _eps_step(self, h: str) -> tuple[float, str, str]:
        """Best Latin-only graphone after history ``h``: ``(logp, new history, output)``."""
        sym, out = self._fwd_best(h, _EPS, self.eps)
        top = (self.joint.score(h, sym), (h + sym)[-(self.joint.order - 1) :], out)
        if len(self._eps_steps) > _STEP_LIMIT:
            self._eps_steps.clear()
        self._eps_steps[h] = top
        return top

    # -- Latin -> Arabic ------------------------------------------------------------
    def arabic_posterior(self, key: str, beam: int | None = None) -> dict[str, float]:
        """P(arabic | latin key) over the generated candidates and the lexicon entries.

        With a beam of 1 the single best path is returned as is; wider beams re-rank their
        candidates with the Arabic character LM.
        """
        sc = self.scoring
        beam = beam or sc.beam
        gen = self._greedy(key, True) if beam == 1 else self._decode(key, True, beam)
        if beam > 1 and sc.lm_weight:
            gen = {c: j + sc.lm_weight * self.arab_lm.score_sequence(_strip_shadda(c)) for c, j in gen.items()}
        return self._mix(logsumexp_dict(gen), self.lexicon.get(key), sc.lexicon_prior)

    # -- Arabic -> Latin ------------------------------------------------------------
    def latin_posterior(self, key: str, beam: int | None = None) -> dict[str, float]:
        """P(latin | arabic key) over generated candidates and the reverse lexicon."""
        sc = self.scoring
        beam = beam or sc.beam
        units = arabic_units(key)
        gen = self._greedy(units, False) if beam == 1 else self._decode(units, False, beam)
        if beam > 1 and sc.lm_weight:
            gen = {c: j + sc.lm_weight * self.latn_lm.score_sequence(c) for c, j in gen.items()}
        post = logsumexp_dict(gen)
        lex = self.rlexicon.get(key)
        if lex is None and SHADDA in key:
            lex = self.rlexicon.get(_strip_shadda(key))
        return self._mix(post, lex, sc.lexicon_prior)

    @staticmethod
    def _mix(post: dict[str, float], lex: list[tuple[str, int]] | None, prior: float) -> dict[str, float]:
        if not lex:
            return post
        total = sum(c for _, c in lex)
        mixed = {cand: prior * p / (total + prior) for cand, p in post.items()}
        for cand, c in lex:
            mixed[cand] = mixed.get(cand, 0.0) + c / (total + prior)
        return mixed


def best_of(post: dict[str, float]) -> str | None:
    """Most probable candidate (ties broken by the string, for determinism)."""
    if not post:
        return None
    return min(post.items(), key=lambda kv: (-kv[1], kv[0]))[0]
