"""Regexes for social-media tokens, shared by the steps that must not damage them.

All patterns run in linear time on any input: every unbounded repetition is either the
last element of its pattern or followed by a character class it cannot match, and the
lookbehinds make a pattern start only at the beginning of a run (so a 10 MB line without
spaces is scanned once, not once per position).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "EMOJI",
    "EMOJI_CHARS",
    "PLACEHOLDERS",
    "PROTECT",
    "SOCIAL",
    "SOCIAL_GLUED",
    "protected_spans",
    "social_runs",
]

#: placeholders written by ``social.tokens`` and ``social.laughter``
PLACEHOLDERS = {
    "url": "<URL>",
    "email": "<EMAIL>",
    "mention": "<USER>",
    "hashtag": "<HASHTAG>",
    "emoji": "<EMOJI>",
    "laughter": "<LAUGH>",
}
_PLACEHOLDER = "<(?:" + "|".join(p[1:-1] for p in PLACEHOLDERS.values()) + ")>"

# Top-level domains accepted for bare domains ("hespress.com"); scheme and www. URLs take any.
_TLDS = "com|net|org|ma|fr|io|co|info|edu|gov|me|tv|ly|be|es|de|uk|us|app|dev|tn|dz|eg|ca|ch|eu"
_URL_END = r"[^\s<>\"'.,;:!?)\]}»،؛؟]"
_URL_BODY = r"[^\s<>\"']*"
# combining marks count as part of the word before a token: case folding can turn a
# letter into letter + mark ("İ" -> "i̇"), and "i̇@user" must stay what "İ@user" was
_M = r"\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_BARE = rf"(?:[A-Za-z0-9-]+\.)+(?:{_TLDS})(?![\w-])(?:/(?:{_URL_BODY}{_URL_END})?)?"
_SCHEME = rf"(?:(?:https?|ftp)://|www\.){_URL_BODY}{_URL_END}"
# Each kind has a "glued" form without lookbehind: a token that directly follows another
# one (``@a@b``, ``😂#tag``) is part of the same run, so replacing or stripping the first
# never turns the rest into a new token on a second pass (idempotence).
URL_GLUED = rf"{_SCHEME}|{_BARE}"
URL = rf"{_SCHEME}|(?<![\w@.{_M}-]){_BARE}"
EMAIL_GLUED = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
EMAIL = rf"(?<![\w.+{_M}-]){EMAIL_GLUED}"
MENTION_GLUED = r"@\w+"
MENTION = rf"(?<![\w@{_M}]){MENTION_GLUED}"
# a hashtag must not touch characters that would let "text" mode (dropping the #) glue the
# word into a mention, e-mail or URL: not after \w # & @ . + - / :, not before \w @ + - or ".x"
HASHTAG_GLUED = r"#\w*[^\W\d_]\w*(?![\w@+\-]|\.\w)"
HASHTAG = rf"(?<![\w#&@.+\-/:{_M}]){HASHTAG_GLUED}"

#: code points that are emoji (pictographs, dingbats, symbols with emoji presentation)
EMOJI_CHARS = (
    "\U0001f000-\U0001f3fa\U0001f400-\U0001faff"  # pictographs (skin tones 1F3FB-1F3FF are modifiers)
    "\u2600-\u27bf"  # miscellaneous symbols, dingbats (☀ ❤ ✅ ...)
    "\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"  # ⌚ ⏰ ...
    "\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"  # ⬅ ⬛ ⭐ ⭕
    "\u2194-\u2199\u21a9\u21aa\u3030\u303d\u3297\u3299"
)
_MOD = r"[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\u20e3]"
_ONE_EMOJI = rf"(?:[{EMOJI_CHARS}]|[0-9#*]\ufe0f?\u20e3|[\U0001f3fb-\U0001f3ff]){_MOD}*"
#: a run of emoji, with ZWJ sequences, skin tones, flags and keycaps
EMOJI = rf"{_ONE_EMOJI}(?:\u200d?{_ONE_EMOJI})*"

#: one alternation over every social token kind, in priority order (leftmost match wins)
SOCIAL = re.compile(
    rf"(?P<url>{URL})|(?P<email>{EMAIL})|(?P<mention>{MENTION})|(?P<hashtag>{HASHTAG})"
    rf"|(?P<placeholder>{_PLACEHOLDER})|(?P<emoji>{EMOJI})",
    re.IGNORECASE,
)
#: the same kinds without lookbehinds, tried right after the end of a token
SOCIAL_GLUED = re.compile(
    rf"(?P<url>{URL_GLUED})|(?P<email>{EMAIL_GLUED})|(?P<mention>{MENTION_GLUED})|(?P<hashtag>{HASHTAG_GLUED})"
    rf"|(?P<placeholder>{_PLACEHOLDER})|(?P<emoji>{EMOJI})",
    re.IGNORECASE,
)
#: spans other steps must leave alone (case folding of placeholders, elongation in URLs...)
PROTECT = re.compile(rf"{URL}|{EMAIL}|{MENTION}|{_PLACEHOLDER}", re.IGNORECASE)
_WWW = re.compile("www", re.IGNORECASE)
_TLD_HINT = re.compile(rf"\.(?:{_TLDS})\b", re.IGNORECASE)
_EMOJI_HINT = re.compile(f"[{EMOJI_CHARS}\U0001f3fb-\U0001f3ff\u20e3]")


def _may_have_link(text: str) -> bool:
    """Cheap test (substring checks at C speed): could ``text`` hold a URL, e-mail, mention or placeholder?"""
    return (
        "@" in text
        or "<" in text
        or "://" in text
        or _WWW.search(text) is not None
        or ("." in text and _TLD_HINT.search(text) is not None)
    )


def may_have_social(text: str, emoji: bool = True) -> bool:
    """Cheap test: could ``text`` hold any social token (``emoji=False``: ignore emoji)?"""
    return _may_have_link(text) or "#" in text or (emoji and _EMOJI_HINT.search(text) is not None)


PLACEHOLDER_RE = re.compile(_PLACEHOLDER)


def protected_spans(text: str, placeholders_only: bool = False) -> list[tuple[int, int]]:
    """Spans of URLs, e-mails, @mentions and placeholders (cheap pre-check first)."""
    if placeholders_only:
        if "<" not in text:
            return []
        return [m.span() for m in PLACEHOLDER_RE.finditer(text)]
    spans = []
    pos = 0
    cache = [-1]
    while True:
        m = anchored_search(PROTECT, LINK_ANCHOR, text, pos, cache)
        if m is None:
            return spans
        spans.append(m.span())
        pos = m.end()


# Every token contains one of these anchors; the big patterns (whose lookbehinds defeat
# the regex engine's first-character scan) are only run on the space-delimited chunk
# around an anchor. This makes a token-free text cost one fast scan.
_LINK_ANCHOR = rf"[@<]|://|www|\.(?:{_TLDS})\b"
ANCHOR = re.compile(rf"[#{EMOJI_CHARS}\U0001f3fb-\U0001f3ff\u20e3]|{_LINK_ANCHOR}", re.IGNORECASE)
LINK_ANCHOR = re.compile(_LINK_ANCHOR, re.IGNORECASE)


def anchored_search(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, pos: int, cache: list[int] | None = None
) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for patterns whose every match contains an ``anchor`` match and no space.

    Linear overall: the backward ``rfind`` never crosses ``pos`` (which moves past each
    anchor), and the forward space position is found once per space, not per anchor
    (pass the same one-element ``cache`` list to successive calls on one text).
    """
    n = len(text)
    if cache is None:
        cache = [-1]
    space = cache[0]  # position of the first space at or after the current anchor
    while pos < n:
        a = anchor.search(text, pos)
        if a is None:
            return None
        start = max(pos, text.rfind(" ", pos, a.start()) + 1)
        if space < a.end():
            space = text.find(" ", a.end())
            if space < 0:
                space = n
            cache[0] = space
        m = pattern.search(text, start, space)
        if m is not None:
            return m
        pos = space
    return None


def social_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of adjacent social tokens, each a list of matches (``lastgroup`` = kind), left to right."""
    pos = 0
    glued = SOCIAL_GLUED.match
    cache = [-1]
    while True:
        m = anchored_search(SOCIAL, ANCHOR, text, pos, cache)
        if m is None:
            return
        run = [m]
        end = m.end()
        while True:
            g = glued(text, end)
            if g is None or g.end() == end:
                break
            run.append(g)
            end = g.end()
        yield run
        pos = end
