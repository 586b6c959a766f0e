"""Reading the shared LID corpora: TSV rows, licence classes, checksums.

The corpora live outside the repository (``../shared/data``); nothing here copies their
text anywhere, it only reads it for training and evaluation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from awal.errors import DataError
from awal.languages import Label

__all__ = ["Row", "licence_classes", "read_lid", "sha256_file", "split_path"]


@dataclass(frozen=True)
class Row:
    """One labelled line of ``lid/{train,dev}.tsv``."""

    label: Label
    source: str
    text: str


def split_path(data_dir: str | Path, split: str) -> Path:
    """``DATA/lid/<split>.tsv``; :class:`DataError` with the fix when it is missing."""
    path = Path(data_dir) / "lid" / f"{split}.tsv"
    if not path.is_file():
        raise DataError(f"{path} not found; pass --data DIR where DIR/lid/{split}.tsv exists (e.g. ../shared/data)")
    return path


def read_lid(path: str | Path) -> Iterator[Row]:
    """Rows of a ``label<TAB>source<TAB>text`` file with a header line.

    Raises :class:`DataError` naming the line for a malformed row or an unknown label.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="\n") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        if header[:3] != ["label", "source", "text"]:
            raise DataError(f"{path}: expected header 'label<TAB>source<TAB>text', got {header!r}")
        for lineno, line in enumerate(fh, start=2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise DataError(f"{path}:{lineno}: expected 3 TAB-separated fields, got {len(parts)}")
            try:
                label = Label.from_str(parts[0])
            except ValueError as exc:
                raise DataError(f"{path}:{lineno}: {exc}") from None
            yield Row(label, parts[1], parts[2])


_SOURCE_RE = re.compile(r"^### `([^`]+)`")
_CLASS_RE = re.compile(r"\(class: \*\*(\w+)\*\*\)")


def licence_classes(data_dir: str | Path) -> dict[str, str]:
    """``{source: licence class}`` (``open``, ``nc``, ``unknown``) parsed from ``MANIFEST.md``."""
    path = Path(data_dir) / "MANIFEST.md"
    if not path.is_file():
        raise DataError(f"{path} not found: the data folder must hold the MANIFEST.md that lists licence classes")
    classes: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _SOURCE_RE.match(line)
        if m:
            current = m.group(1)
            continue
        if current is not None and line.startswith("- licence:"):
            c = _CLASS_RE.search(line)
            if c:
                classes[current] = c.group(1)
            current = None
    if not classes:
        raise DataError(f"{path}: no '### `source`' sections with a '(class: **...**)' licence line found")
    return classes


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
