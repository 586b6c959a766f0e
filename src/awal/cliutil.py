"""Shared plumbing for line-oriented CLI commands: input decoding, output, formats.

The contract every line-oriented command keeps: **N lines in, N lines out, in order**.
Bad bytes never drop a line: by default invalid UTF-8 is replaced with U+FFFD, the line
is processed, and one warning on stderr says which lines were affected
(``--encoding-errors strict`` stops with exit 1 instead). Binary files are refused
with a clear error rather than turned into thousands of garbage lines.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import IO, Any, TypeVar

from awal.errors import InputError

__all__ = [
    "InputStats",
    "add_input_arguments",
    "add_output_arguments",
    "iter_lines",
    "open_output",
    "optional_module",
    "run_line_command",
    "warn",
]

T = TypeVar("T")

_BINARY_SNIFF = 8192
_BATCH = 2048


def optional_module(name: str) -> ModuleType | None:
    """Import ``name``; ``None`` if it (or its package) is not part of this installation.

    An ImportError raised *inside* an existing module is a real bug and propagates.
    """
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


def warn(message: str) -> None:
    """Print a one-line warning on stderr, prefixed like every awal message."""
    print(f"awal: warning: {message}", file=sys.stderr)


@dataclass
class InputStats:
    """What the reader saw; used for the end-of-run warning."""

    lines: int = 0
    bad_lines: list[tuple[str, int]] = field(default_factory=list)

    def report(self, policy: str) -> None:
        if self.bad_lines:
            n = len(self.bad_lines)
            shown = ", ".join(f"{name}:{no}" for name, no in self.bad_lines[:5])
            more = f" and {n - 5} more" if n > 5 else ""
            warn(
                f"{n} line{'s' if n != 1 else ''} had invalid UTF-8 ({shown}{more}); "
                f"invalid bytes were replaced with U+FFFD and the lines kept. "
                f"Use --encoding-errors strict to stop on invalid input instead."
            )


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """``FILE...`` positionals (default stdin) and the decoding policy."""
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="input files, one text per line (default: stdin; '-' = stdin)"
    )
    parser.add_argument(
        "--encoding-errors",
        choices=("replace", "strict"),
        default="replace",
        help="invalid UTF-8: replace bytes with U+FFFD and warn (default), or stop with exit 1",
    )


def add_output_arguments(parser: argparse.ArgumentParser, formats: Sequence[str] = ("text", "jsonl")) -> None:
    """``-o/--output`` and ``--format``."""
    parser.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    parser.add_argument("--format", choices=tuple(formats), default=formats[0], help="output format")


def _sources(files: Sequence[str]) -> Iterator[tuple[str, IO[bytes]]]:
    if not files:
        files = ["-"]
    for name in files:
        if name == "-":
            yield "<stdin>", sys.stdin.buffer
        else:
            try:
                fh = open(name, "rb")  # noqa: SIM115 - closed below, after the generator resumes
            except OSError as exc:
                raise InputError(f"cannot read {name!r}: {exc.strerror or exc}") from exc
            with fh:
                yield name, fh


def iter_lines(
    files: Sequence[str], encoding_errors: str = "replace", stats: InputStats | None = None
) -> Iterator[str]:
    """Yield decoded lines (without their line break) from files or stdin.

    Raises :class:`InputError` for binary input or, with ``encoding_errors="strict"``,
    for the first invalid UTF-8 line.
    """
    stats = stats if stats is not None else InputStats()
    for name, fh in _sources(files):
        peek = getattr(fh, "peek", None)
        head = peek(_BINARY_SNIFF)[:_BINARY_SNIFF] if peek is not None else b""
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1:
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if b"\x00" in head or b"\x00" in raw[:_BINARY_SNIFF]:
                    raise InputError(
                        f"{name} looks like a binary file (NUL bytes in its first {_BINARY_SNIFF} bytes); "
                        "awal reads UTF-8 text, one item per line"
                    )
            if raw.endswith(b"\n"):
                raw = raw[:-1]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if encoding_errors == "strict":
                    raise InputError(
                        f"{name}:{lineno}: invalid UTF-8 at byte {exc.start}; fix the file or use --encoding-errors replace"
                    ) from None
                stats.bad_lines.append((name, lineno))
                line = raw.decode("utf-8", errors="replace")
            stats.lines += 1
            yield line


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or ``path`` opened for UTF-8 writing (created, or truncated)."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot write {path!r}: {exc.strerror or exc}") from exc
    with fh:
        yield fh


def dumps(obj: Any) -> str:
    """One JSON line, UTF-8 kept readable."""
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def run_line_command(
    args: argparse.Namespace,
    process: Callable[[list[str]], Sequence[T]],
    render_text: Callable[[str, T], str],
    render_json: Callable[[str, T], dict[str, Any]],
) -> int:
    """Read lines, process them in batches, write one output line per input line.

    ``process`` receives a batch of lines and must return one result per line; the
    renderers turn ``(input line, result)`` into the output line or JSON object.
    Rendered text must not contain a line break (it is replaced by a space if it does,
    so the line count is kept).
    """
    stats = InputStats()
    fmt = getattr(args, "format", "text")
    with open_output(getattr(args, "output", None)) as out:
        batch: list[str] = []

        def flush() -> None:
            results = process(batch)
            if len(results) != len(batch):  # pragma: no cover - programming error guard
                raise RuntimeError("process() returned a different number of results than lines")
            for line, res in zip(batch, results, strict=True):
                if fmt == "jsonl":
                    out.write(dumps(render_json(line, res)))
                else:
                    out.write(_one_line(render_text(line, res)))
                out.write("\n")
            batch.clear()

        for line in iter_lines(args.files, args.encoding_errors, stats):
            batch.append(line)
            if len(batch) >= _BATCH:
                flush()
        if batch:
            flush()
    stats.report(args.encoding_errors)
    if stats.lines == 0:
        warn("the input was empty: nothing to do")
    return 0


def _one_line(text: str) -> str:
    if "\n" in text or "\r" in text:
        return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return text
