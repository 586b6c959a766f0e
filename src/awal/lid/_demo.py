"""``awal demo`` fields for language identification: the label, and spans when the text switches."""

from __future__ import annotations

from awal.lid import decide, segment


def demo_fields(text: str) -> list[tuple[str, str]]:
    """``language`` (label and confidence, or why there is none) and ``spans`` for mixed text."""
    d = decide(text)
    if d.prediction is None:
        alts = ", ".join(f"{a.label.value} {a.confidence:.2f}" for a in d.alternatives)
        fields = [("language", f"- ({d.reason.value}{': ' + alts if alts else ''})")]
    else:
        fields = [
            (
                "language",
                f"{d.prediction.label.value} ({d.prediction.label.english_name}) {d.prediction.confidence:.2f}",
            )
        ]
    spans = segment(text)
    if len({s.label for s in spans}) > 1:
        shown = "  ".join(f"[{text[s.start : s.end]}] {s.label.value if s.label else '-'}" for s in spans)
        fields.append(("spans", shown))
    return fields
