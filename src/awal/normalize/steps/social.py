"""Social-media steps: URLs, e-mails, @mentions, #hashtags and emoji; laughter.

Each token kind can be kept, replaced by a placeholder (``<URL>``, ``<EMAIL>``,
``<USER>``, ``<HASHTAG>``, ``<EMOJI>``) or stripped. Placeholders are upper-case ASCII in
angle brackets, are never matched again (so the step is idempotent) and are protected
from the other steps (case folding keeps ``<URL>``). In offset maps a placeholder maps
to the whole token it replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awal.normalize._core import Option, Step, apply_outside, apply_outside_tracked, register_step, sub_tracked
from awal.normalize._patterns import PLACEHOLDERS, may_have_social, protected_spans, social_runs
from awal.normalize.offsets import Edit

__all__ = ["Laughter", "SocialTokens"]

_MODES = ("keep", "placeholder", "strip")
_KINDS = ("url", "email", "mention", "hashtag", "emoji")


@register_step
class SocialTokens(Step):
    """URLs, e-mails, @mentions, #hashtags, emoji: keep, replace with a placeholder, or strip (per kind).

    ``strip`` leaves one space where the token separated two non-space characters
    (``salam😂labas`` -> ``salam labas``), so stripping never glues a new word or token
    together. Tokens glued to each other (``@a@b``, ``😂#tag``) form one run and are all
    handled in the same pass. Hashtags have a fourth mode, ``text``: drop the ``#`` and keep the words
    (``#Maroc`` -> ``Maroc``), which keeps their language signal. A run of adjacent
    emoji (with skin tones, ZWJ sequences, flags) is one token.
    """

    name = "social.tokens"
    OPTIONS = (
        Option("url", str, "placeholder", "URLs and bare domains (hespress.com)", _MODES),
        Option("email", str, "placeholder", "e-mail addresses", _MODES),
        Option("mention", str, "placeholder", "@user mentions", _MODES),
        Option("hashtag", str, "keep", "#hashtags (text: drop the # only)", (*_MODES, "text")),
        Option("emoji", str, "keep", "emoji and emoji sequences", _MODES),
    )

    def _setup(self) -> None:
        self._modes = {k: self.options[k] for k in _KINDS}
        self._active = any(m != "keep" for m in self._modes.values())
        active = {k for k, m in self._modes.items() if m != "keep"}
        # a text can only change if it holds an anchor of a kind that is not kept
        self._need_link = "url" in active
        self._need_at = bool(active & {"email", "mention"})
        self._need_hash = "hashtag" in active
        self._emoji = "emoji" in active

    def _piece(self, m: re.Match[str]) -> str:
        kind = m.lastgroup or ""
        if kind == "placeholder":
            return m.group()
        mode = self._modes[kind]
        if mode == "keep":
            return m.group()
        if mode == "strip":
            return ""
        if mode == "text":  # hashtag
            return m.group()[1:]
        return PLACEHOLDERS[kind]

    def _edits(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, replacement)`` for every token that changes."""
        for run in social_runs(text):
            left = text[run[0].start() - 1] if run[0].start() > 0 else ""
            for m in run:
                s, e = m.span()
                out = self._piece(m)
                if not out and left and not left.isspace() and e < len(text) and not text[e].isspace():
                    out = " "  # keep a separator: "salam😂labas" -> "salam labas", never "salamlabas"
                if out:
                    left = out[-1]
                if out != m.group():
                    yield s, e, out

    def apply(self, text: str) -> str:
        if not self._active or not (
            (self._need_hash and "#" in text)
            or (self._need_at and "@" in text)
            or (self._need_link and may_have_social(text, emoji=False))
            or (self._emoji and may_have_social(text, emoji=True))
        ):
            return text
        pieces = []
        last = 0
        for s, e, out in self._edits(text):
            pieces.append(text[last:s])
            pieces.append(out)
            last = e
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        if not self._active:
            return text, []
        pieces: list[str] = []
        edits: list[Edit] = []
        last = 0
        delta = 0
        for s, e, out in self._edits(text):
            pieces.append(text[last:s])
            pieces.append(out)
            last = e
            if len(out) != e - s:
                edits.append((s, e, s + delta, s + delta + len(out)))
                delta += len(out) - (e - s)
        pieces.append(text[last:])
        return "".join(pieces), edits


# Unambiguous shapes (every repetition starts with a letter the previous one cannot
# match), so a failing match backtracks at most once per word: linear time. Whether a
# matched word *is* laughter is decided in _repl.
_LAUGH = re.compile(
    r"(?<!\w)(?:(?P<ar>ه+(?:اه+)*ا?)|(?P<la>[aei]?h+(?:[aei]+h+)*[aei]*))(?!\w)",
    re.IGNORECASE,
)
_H_RUN = re.compile("h+", re.IGNORECASE)
# every laughter token contains one of these: a cheap test before the full pattern
_MAYBE_LAUGH = re.compile("h[aei]?h|ه\u0627?ه", re.IGNORECASE)


@register_step
class Laughter(Step):
    """Laughter tokens to one form: ``hhhhhh``, ``hahahaha``, ``hihihi`` -> ``haha``; ``ههههه``, ``هاهاها`` -> ``هه``.

    A Latin laughter token is a whole word that is either only ``h`` (two or more:
    ``hh``, ``hhhhh``) or ``h`` alternating with the vowels ``a e i``, at least four
    letters and two h groups (``haha``, ``hihihi``, ``ahahah``); ``ha``, ``hah``, ``aha``
    stay as they are. Arabic: three or more ``ه`` (``ههه``) or ``ه``/``ا`` alternation
    (``هاها``); ``ها`` (here is) and ``هه`` stay. ``mode=placeholder`` writes ``<LAUGH>``; ``strip`` deletes the token.
    Must run before the elongation steps (they would turn ``hhhh`` into ``h``).
    """

    name = "social.laughter"
    OPTIONS = (
        Option(
            "mode",
            str,
            "canonical",
            "canonical form (haha / هه), placeholder, or strip",
            ("canonical", "placeholder", "strip"),
        ),
    )

    def _setup(self) -> None:
        mode = self.options["mode"]
        self._latin = {"canonical": "haha", "placeholder": PLACEHOLDERS["laughter"], "strip": ""}[mode]
        self._arabic = {"canonical": "هه", "placeholder": PLACEHOLDERS["laughter"], "strip": ""}[mode]

    def _repl(self, m: re.Match[str]) -> str:
        word = m.group()
        if m.lastgroup == "ar":
            n_h = word.count("ه")
            return self._arabic if n_h >= 3 or (n_h >= 2 and len(word) >= 4) else word
        if len(word) >= 2 and word.strip("hH") == "":
            return self._latin  # hh, hhhhh
        return self._latin if len(word) >= 4 and len(_H_RUN.findall(word)) >= 2 else word

    def _run(self, text: str) -> str:
        return _LAUGH.sub(self._repl, text)

    def _run_tracked(self, text: str) -> tuple[str, list[Edit]]:
        return sub_tracked(_LAUGH, self._repl, text)

    def apply(self, text: str) -> str:
        if _MAYBE_LAUGH.search(text) is None:
            return text
        return apply_outside(text, protected_spans(text), self._run)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        if _MAYBE_LAUGH.search(text) is None:
            return text, []
        return apply_outside_tracked(text, protected_spans(text), self._run_tracked)
