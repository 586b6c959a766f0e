"""A pipeline: an ordered list of steps, compiled for speed, callable like a function."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from awal.errors import InputTypeError, ensure_text
from awal.normalize._core import CharMapStep, Step, TableApplier, get_step, length_change_pattern, translate_tracked
from awal.normalize.offsets import Edit, Normalized, StageMap
from awal.normalize.steps.unicode import Form

__all__ = ["Pipeline"]


class _Stage(Protocol):
    ascii_noop: bool

    def apply(self, text: str) -> str: ...

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]: ...


class _FusedMap:
    """Consecutive character-map steps folded into one ``str.translate`` table."""

    def __init__(self, steps: Sequence[CharMapStep]) -> None:
        keys: set[int] = set()
        for s in steps:
            keys.update(s.char_table)
        table: dict[int, str] = {}
        for k in keys:
            out = chr(k)
            for s in steps:
                out = out.translate(s.char_table)
            if out != chr(k):
                table[k] = out
        self.table = table
        self._tracker = length_change_pattern(table)
        self._fast = TableApplier(table)
        self.ascii_noop = all(s.ascii_noop for s in steps)

    def apply(self, text: str) -> str:
        return self._fast(text)

    def apply_tracked(self, text: str) -> tuple[str, list[Edit]]:
        return translate_tracked(text, self.table, self._tracker)


def _compile(steps: Sequence[Step]) -> list[_Stage]:
    stages: list[_Stage] = []
    run: list[CharMapStep] = []
    for step in steps:
        if isinstance(step, CharMapStep) and step.fusable:
            run.append(step)
            continue
        if run:
            stages.append(_FusedMap(run) if len(run) > 1 else run[0])
            run = []
        stages.append(step)
    if run:
        stages.append(_FusedMap(run) if len(run) > 1 else run[0])
    forms = [i for i, s in enumerate(steps) if isinstance(s, Form)]
    if forms and forms[-1] != len(steps) - 1:
        # Deleting marks or joiners, or folding case, can leave text that is no longer in
        # the pipeline's normal form (e.g. "a" + tatweel + U+0301): restore it at the end.
        stages.append(Form(form=steps[forms[-1]].options["form"]))
    return stages


class Pipeline:
    """An ordered list of normalisation steps; ``pipeline(text)`` normalises one string.

    Build one from step names or specs (``Pipeline(["unicode.form:form=NFKC",
    "arabic.tatweel"])``), from :class:`Step` objects, or take a named profile
    (:func:`awal.normalize.profile`). Consecutive character maps are fused into one
    ``str.translate`` table and steps that cannot change ASCII text are skipped for
    ASCII input, so the output is the same as running the steps one by one, faster.
    """

    def __init__(self, steps: Iterable[str | Step], *, name: str = "") -> None:
        if isinstance(steps, (str, Step)):
            raise InputTypeError("Pipeline() takes a list of steps; wrap a single step in a list")
        self.steps: tuple[Step, ...] = tuple(get_step(s) for s in steps)
        self.name = name
        self._stages = _compile(self.steps)
        self._ascii_stages = [s for s in self._stages if not s.ascii_noop]

    # -- running --------------------------------------------------------------------------
    def __call__(self, text: str) -> str:
        """The normalised form of ``text`` (fast path, no offsets)."""
        return self.apply(ensure_text(text))

    def apply(self, text: str) -> str:
        """Like calling the pipeline, without the input type check (hot loops over known ``str``)."""
        for stage in self._ascii_stages if text.isascii() else self._stages:
            text = stage.apply(text)
        return text

    def apply_many(self, texts: Iterable[str]) -> list[str]:
        """Normalise many strings (each validated)."""
        apply = self.apply
        return [apply(ensure_text(t)) for t in texts]

    def with_offsets(self, text: str) -> Normalized:
        """Normalise and keep the offset map back to ``text`` (see :class:`Normalized`)."""
        original = ensure_text(text)
        maps: list[StageMap] = []
        cur = original
        for stage in self._ascii_stages if original.isascii() else self._stages:
            out, edits = stage.apply_tracked(cur)
            if edits:
                maps.append(StageMap(edits, len(cur), len(out)))
            cur = out
        return Normalized(cur, original, self.name or self.spec_string, tuple(maps))

    # -- description ----------------------------------------------------------------------
    @property
    def spec(self) -> list[str]:
        """Versioned step specs: ``Pipeline(p.spec)`` rebuilds an identical pipeline."""
        return [s.spec for s in self.steps]

    @property
    def spec_string(self) -> str:
        return ",".join(self.spec)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __add__(self, other: Pipeline | Iterable[str | Step]) -> Pipeline:
        more = other.steps if isinstance(other, Pipeline) else tuple(get_step(s) for s in other)
        return Pipeline([*self.steps, *more])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other.spec == self.spec

    def __hash__(self) -> int:
        return hash(tuple(self.spec))

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        return f"Pipeline({label}{self.spec})"
