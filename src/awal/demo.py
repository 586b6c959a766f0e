"""``awal demo``: every capability on a handful of built-in sentences.

The sentences were written for awal (no corpus text). Each capability contributes
fields per sentence through a ``demo_fields(text) -> list[(name, value)]`` function,
or a block of its own through ``demo_section() -> list[str]``; modules listed here
that are not installed are skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from awal.cliutil import open_output, optional_module
from awal.scripts import analyze

#: (description, sentence) — one per kind of text awal must handle
SENTENCES: tuple[tuple[str, str], ...] = (
    ("Darija, Arabic script", "واش نتا مزيان؟ بغيت نمشي للسوق دابا عافاك"),
    ("Darija, Latin script (Arabizi)", "wach nta mzyan? bghit nmchi l souk daba 3afak"),
    ("Modern Standard Arabic", "تعلن وزارة الصحة عن إطلاق حملة وطنية للتلقيح ابتداء من يوم الاثنين."),
    ("Tamazight, Tifinagh", "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ, ⵜⴰⵏⵎⵎⵉⵔⵜ ⵏⵏⵓⵏ"),
    ("Tamazight, Latin script", "azul fellawn, tanmmirt nnun"),
    ("French", "Bonjour, je voudrais prendre un rendez-vous à la préfecture."),
    ("Darija/French code-switching", "salam, bghit n9ad la carte nationale dyali f la préfecture"),
)

#: modules with ``demo_fields(text)``, in display order
FIELD_PROVIDERS: tuple[str, ...] = (
    "awal.lid._demo",
    "awal.normalize._demo",
    "awal.translit._demo",
)
#: modules with ``demo_section()``, shown after the sentences
SECTION_PROVIDERS: tuple[str, ...] = ("awal.pii._demo",)

EXAMPLE = """example:
  awal demo
  awal demo -o demo.txt
"""


def _scripts_field(text: str) -> list[tuple[str, str]]:
    prof = analyze(text)
    ratios = ", ".join(f"{s.value} {r:.0%}" for s, r in prof.ratios.items())
    return [("scripts", f"{prof.dominant.value} ({ratios})")]


def _load(names: tuple[str, ...], attr: str) -> list[Callable[..., object]]:
    found = []
    for name in names:
        module = optional_module(name)
        if module is not None:
            found.append(getattr(module, attr))
    return found


def render() -> list[str]:
    """The demo as lines of text."""
    providers: list[Callable[..., object]] = [_scripts_field, *_load(FIELD_PROVIDERS, "demo_fields")]
    lines = ["awal demo: built-in sentences, every capability", ""]
    for title, text in SENTENCES:
        lines.append(f"[{title}]  {text}")
        for provider in providers:
            for name, value in provider(text):  # type: ignore[attr-defined]
                lines.append(f"  {name:<14} {value}")
        lines.append("")
    for section in _load(SECTION_PROVIDERS, "demo_section"):
        lines.extend(section())  # type: ignore[call-overload]
        lines.append("")
    return lines


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="show every capability on built-in sentences",
        description="Run awal on built-in Darija, MSA, Tamazight, French and code-switched sentences.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    with open_output(args.output) as out:
        out.write("\n".join(render()) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_run(argparse.Namespace(output=None)))
