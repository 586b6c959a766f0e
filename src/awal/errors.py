"""One error hierarchy for the whole toolkit.

Every error awal raises on purpose derives from :class:`AwalError`, so callers can catch
one class; each subclass *also* derives from the matching built-in (``ValueError``,
``TypeError``, ...) so code written against the standard library keeps working.
Messages say what was wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "AwalError",
    "DataError",
    "InputError",
    "InputTypeError",
    "MissingExtraError",
    "ModelError",
    "UnknownLabelError",
    "UnknownNameError",
    "ensure_text",
]


class AwalError(Exception):
    """Root of every error awal raises on purpose."""


class UnknownNameError(AwalError, ValueError):
    """A name (scheme, profile, step, label...) that is not registered.

    The message lists the valid names, so a typo is fixed without reading the docs.
    """

    def __init__(self, kind: str, name: object, valid: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.valid = sorted(valid)
        super().__init__(f"unknown {kind} {name!r}; valid {kind}s: {', '.join(self.valid)}")


class UnknownLabelError(UnknownNameError):
    """A language label that is not in :mod:`awal.languages`."""

    def __init__(self, name: object, valid: Iterable[str]) -> None:
        super().__init__("label", name, valid)


class InputError(AwalError, ValueError):
    """Input text that cannot be processed (invalid encoding, binary data, too large)."""


class InputTypeError(AwalError, TypeError):
    """An argument of the wrong type, e.g. ``bytes`` where ``str`` is expected."""


class DataError(AwalError, ValueError):
    """Training or evaluation data that is missing, malformed or inconsistent."""


class ModelError(AwalError, RuntimeError):
    """A shipped or user-supplied model file that is missing, corrupt or incompatible."""


class MissingExtraError(AwalError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f'this feature needs the optional package {module!r}; install it with: pip install "awal[{extra}]"'
        )


def ensure_text(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``; raise :class:`InputTypeError` otherwise.

    Lone surrogates (which cannot be encoded as UTF-8 and usually come from a
    ``surrogateescape`` decode) are replaced by U+FFFD, one for one, so offsets
    into the returned string still index the caller's string.
    """
    if not isinstance(value, str):
        hint = ""
        if isinstance(value, (bytes, bytearray)):
            hint = "; decode it first, e.g. data.decode('utf-8', errors='replace')"
        raise InputTypeError(f"{name} must be str, not {type(value).__name__}{hint}")
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    return value
