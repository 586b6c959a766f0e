"""``awal demo`` field: the normalised form of each built-in sentence (profile ``search``)."""

from __future__ import annotations

from awal.normalize import normalize


def demo_fields(text: str) -> list[tuple[str, str]]:
    """``[("normalized", ...)]`` with the search profile."""
    return [("normalized", normalize(text, "search"))]
