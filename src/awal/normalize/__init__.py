"""Text normalisation for Morocco's languages: composable, idempotent, with offset maps.

Quick use::

    from awal.normalize import normalize, normalize_with_offsets
    normalize("واش نتا مزياااان؟ ههههه")             # 'واش نتا مزيان? هه'   (profile "search")
    normalize("Bzzzzaaaaf  3LIK hhhhhh", "search")   # 'bzaf 3lik haha'
    n = normalize_with_offsets("ⴰⵣⵓⵍ   https://t.co/x", "corpus")
    n.text                                           # 'ⴰⵣⵓⵍ <URL>'
    n.to_original(5, 10)                             # (7, 21): the URL in the input

Building blocks:

* **steps**, each a named, versioned, idempotent normaliser (``get_step("arabic.hamza")``,
  ``list_steps()``); families: ``unicode.*`` (form, invisible, whitespace), ``arabic.*``
  (tatweel, harakat, hamza, alef_maqsura, ta_marbuta, letters, digits, punctuation,
  elongation), ``latin.*`` / ``arabizi.*`` (case, accents, elongation), ``tifinagh.*``
  (ircam, labialization, lookalikes), ``social.*`` (tokens, laughter);
* **pipelines** (:class:`Pipeline`), ordered lists of steps, callable;
* **profiles**, the named pipelines awal ships: ``display``, ``corpus``, ``lid``,
  ``search`` (see :mod:`awal.normalize.profiles` and ``docs/normalize.md``).

``normalize`` is the hot path (``str.translate`` + compiled regexes, pipelines cached);
``normalize_with_offsets`` returns a frozen :class:`Normalized` that maps spans of the
normalised text back to the original string.
"""

from __future__ import annotations

from awal.errors import InputTypeError, ensure_text
from awal.normalize._core import (
    CharMapStep,
    Option,
    Step,
    StepOptionError,
    ensure_loaded,
    get_step,
    list_steps,
    register_step,
)
from awal.normalize.offsets import Normalized
from awal.normalize.pipeline import Pipeline
from awal.normalize.profiles import PROFILES, list_profiles, profile

__all__ = [
    "PROFILES",
    "CharMapStep",
    "Normalized",
    "Option",
    "Pipeline",
    "Step",
    "StepOptionError",
    "get_step",
    "list_profiles",
    "list_steps",
    "normalize",
    "normalize_with_offsets",
    "profile",
    "register_step",
    "resolve",
]

ensure_loaded()

#: the profile used when none is given
DEFAULT_PROFILE = "search"


def resolve(spec: str | Pipeline | Step) -> Pipeline:
    """A pipeline from a profile name, a :class:`Pipeline`, or a :class:`Step`."""
    if isinstance(spec, Pipeline):
        return spec
    if isinstance(spec, Step):
        return Pipeline([spec])
    if isinstance(spec, str):
        return profile(spec)
    raise InputTypeError(f"profile must be a profile name, Pipeline or Step, not {type(spec).__name__}")


def normalize(text: str, profile: str | Pipeline | Step = DEFAULT_PROFILE) -> str:
    """Normalise ``text`` with a named profile (default ``"search"``), a :class:`Pipeline` or a :class:`Step`.

    Raises :class:`~awal.errors.InputTypeError` for non-``str`` input and
    :class:`~awal.errors.UnknownNameError` (listing valid names) for an unknown profile.
    """
    text = ensure_text(text)
    if type(profile) is str:
        return _profile(profile).apply(text)
    return resolve(profile).apply(text)


def normalize_with_offsets(text: str, profile: str | Pipeline | Step = DEFAULT_PROFILE) -> Normalized:
    """Normalise and keep the map back to the original: ``result.to_original(start, end)``."""
    return resolve(profile).with_offsets(text)


_profile = profile
