"""Load the shipped (or a user-trained) model: lazily, once per process, integrity-checked.

The model is two files: ``model.npz`` (UTF-8 tables stored as byte arrays, compressed,
read with ``allow_pickle=False``) and ``manifest.json`` (sources, licences, parameters,
sha256 of ``model.npz``). A file whose hash does not match the manifest, or that cannot
be parsed, raises :class:`~awal.errors.ModelError` instead of giving wrong output.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import threading
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from awal.errors import ModelError
from awal.translit.darija._align import _LONG_CHUNKS
from awal.translit.darija._model import Scoring, VarietyModel
from awal.translit.darija._ngram import NgramModel
from awal.translit.darija._text import ARABIC_FALLBACK

try:  # the compiled hot path (built by setup.py when a C compiler is available)
    from awal.translit.darija import _fast
except ImportError:  # pragma: no cover - depends on the build
    _fast = None  # type: ignore[assignment]

#: set (non-empty, not "0") to always use the pure-Python implementation
PURE_ENV = "AWAL_DARIJA_PURE"


def accelerated() -> bool:
    """True if the compiled decoder is built and not disabled by ``$AWAL_DARIJA_PURE``."""
    return _fast is not None and os.environ.get(PURE_ENV, "") in ("", "0")


__all__ = ["Bundle", "load_bundle", "model_dir", "set_model_dir"]

FORMAT_VERSION = 1
_ENV = "AWAL_DARIJA_MODEL"
_lock = threading.Lock()
_cache: dict[str, Bundle] = {}
_override: Path | None = None


class Bundle:
    """The loaded tables: shared pieces plus one :class:`VarietyModel` per variety, built on demand.

    Parsing is lazy too: the lexicons when a variety is first used, the n-gram models
    only when a word outside the lexicon is met.
    """

    def __init__(self, arrays: Mapping[str, np.ndarray], manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        self._arrays = arrays
        self._varieties: dict[str, VarietyModel] = {}
        self._tables: dict[str, Any] = {}
        self._lock = threading.RLock()
        self.varieties = tuple(manifest.get("varieties", {}))
        self.scoring = Scoring()

    def _text(self, name: str) -> list[str]:
        try:
            raw = self._arrays[name]
        except KeyError:
            raise ModelError(f"model file has no table {name!r}; retrain with 'awal translit train'") from None
        text = raw.tobytes().decode("utf-8")
        return text.split("\n") if text else []

    def table(self, name: str) -> Any:
        """A parsed table: ``arab_lm``, ``latn_lm`` (n-gram models), ``std_words``,
        ``foreign`` (dicts), ``<variety>.joint`` or ``<variety>.lid_european`` (a frozenset)."""
        value = self._tables.get(name)
        if value is not None:
            return value
        with self._lock:
            if name in self._tables:
                return self._tables[name]
            try:
                if name in ("arab_lm", "latn_lm") or name.endswith(".joint"):
                    value = NgramModel.from_arrays(self._arrays, name)
                elif name in ("std_words", "std_phrases"):
                    value = {w: int(c) for w, c in (ln.split("\t") for ln in self._text(name))}
                    value[""] = sum(value.values())  # the total, for relative frequencies
                elif name.endswith((".lexicon", ".rlexicon")):
                    value = _lexicon(self._text(name))
                elif name.endswith(".fast"):
                    value = self._fast_decoder(name[: -len(".fast")])
                elif name.endswith(".lid_european"):
                    value = frozenset(self._text(name))
                elif name == "foreign":
                    value = {w: float(v) for w, v in (ln.split("\t") for ln in self._text(name))}
                else:
                    raise ModelError(f"unknown model table {name!r}")
            except KeyError as exc:
                raise ModelError(f"model file has no table {exc}; retrain with 'awal translit train'") from None
            except (ValueError, TypeError, UnicodeDecodeError) as exc:
                raise ModelError(
                    f"model table {name!r} is corrupt ({exc}); retrain with 'awal translit train'"
                ) from exc
            self._tables[name] = value
            return value

    def blob(self, name: str) -> str:
        """A stored UTF-8 table as one string (what the compiled code parses itself)."""
        try:
            return self._arrays[name].tobytes().decode("utf-8")
        except KeyError:
            raise ModelError(f"model file has no table {name!r}; retrain with 'awal translit train'") from None
        except UnicodeDecodeError as exc:
            raise ModelError(f"model table {name!r} is corrupt ({exc}); retrain with 'awal translit train'") from exc

    def _fast_decoder(self, variety: str) -> Any:
        """The compiled decoder of ``variety`` built from the stored arrays, or ``False``.

        Built from the raw n-gram arrays (the Python dicts of the joint model are not needed),
        the variety's lexicon and the shared European-word table: about 50 ms for ary. Any
        problem (extension missing, a table shape it does not support) means ``False``: the
        pure-Python reference is used, with the same outputs.
        """
        if not accelerated():
            return False
        model = self.variety(variety)
        prefix = f"{variety}.joint"
        try:
            meta = self._arrays[f"{prefix}.meta"]
            return _fast.Decoder(
                int(meta[0]),
                float(meta[1]),
                self._arrays[f"{prefix}.pk"].tobytes().decode("utf-8"),
                np.ascontiguousarray(self._arrays[f"{prefix}.pv"], dtype=np.float32),
                self._arrays[f"{prefix}.bk"].tobytes().decode("utf-8"),
                np.ascontiguousarray(self._arrays[f"{prefix}.bv"], dtype=np.float32),
                list(model.graphones),
                # the Latin chunks greedy decoding reads: 1-2 letters, or a doubled digraph
                [c for c in model.fwd_index if len(c) in (1, 2) or (len(c) == 4 and c.lower() in _LONG_CHUNKS)],
                self._arrays[f"{variety}.lexicon"].tobytes().decode("utf-8"),
                self._arrays["foreign"].tobytes().decode("utf-8"),
                ARABIC_FALLBACK,
                model.scoring.lexicon_prior,
            )
        except (KeyError, ValueError, TypeError, UnicodeDecodeError, MemoryError, ModelError):
            return False

    def shared(self, name: str) -> Any:
        """Alias of :meth:`table` for tables every variety uses."""
        return self.table(name)

    def variety(self, name: str) -> VarietyModel:
        model = self._varieties.get(name)
        if model is not None:
            return model
        with self._lock:
            model = self._varieties.get(name)
            if model is not None:
                return model
            if name not in self.varieties:
                raise ModelError(f"this Darija model has no {name!r} tables (it has {', '.join(self.varieties)})")
            try:
                graphones = [tuple(ln.split("\t")) for ln in self._text(f"{name}.graphones")]
                if any(len(g) != 2 for g in graphones):
                    raise ValueError("graphone line without two fields")
            except (ValueError, TypeError, UnicodeDecodeError) as exc:
                raise ModelError(
                    f"model tables of {name!r} are corrupt ({exc}); retrain with 'awal translit train'"
                ) from exc

            def tables(part: str, _v: str = name) -> Any:
                return self.table(f"{_v}.{part}" if part in _VARIETY_TABLES else part)

            # the lexicons are parsed on first use: the compiled decoder reads the stored text itself
            model = VarietyModel(
                graphones,  # type: ignore[arg-type]
                lambda: tables("lexicon"),
                lambda: tables("rlexicon"),
                tables,
                self.scoring,
            )
            self._varieties[name] = model
            return model


#: per-variety tables (``<variety>.<part>``)
_VARIETY_TABLES = frozenset({"joint", "fast", "lexicon", "rlexicon", "lid_european"})


def _lexicon(lines: list[str]) -> dict[str, list[tuple[str, int]]]:
    lex: dict[str, list[tuple[str, int]]] = {}
    for line in lines:
        key, rest = line.split("\t")
        items = []
        for item in rest.split("\x02"):
            cand, count = item.split("\x01")
            items.append((cand, int(count)))
        lex[key] = items
    return lex


def model_dir() -> Path | None:
    """Directory of a user-trained model (``set_model_dir`` or ``$AWAL_DARIJA_MODEL``), else None."""
    if _override is not None:
        return _override
    env = os.environ.get(_ENV)
    return Path(env) if env else None


def set_model_dir(path: str | os.PathLike[str] | None) -> None:
    """Use the model in ``path`` (as written by ``awal translit train``); ``None`` = the shipped one."""
    global _override
    with _lock:
        _override = Path(path) if path is not None else None
        _cache.clear()


def _read_files() -> tuple[bytes, bytes, str]:
    directory = model_dir()
    if directory is not None:
        try:
            return (directory / "model.npz").read_bytes(), (directory / "manifest.json").read_bytes(), str(directory)
        except OSError as exc:
            raise ModelError(f"cannot read the Darija model in {directory}: {exc.strerror or exc}") from exc
    pkg = resources.files("awal.translit.darija") / "data"
    try:
        return (pkg / "model.npz").read_bytes(), (pkg / "manifest.json").read_bytes(), "awal.translit.darija/data"
    except (OSError, FileNotFoundError) as exc:
        raise ModelError(
            "the shipped Darija model is missing from this installation; reinstall awal or run 'awal translit train'"
        ) from exc


def load_bundle() -> Bundle:
    """The model, loaded once per process (thread-safe) and verified against its manifest."""
    key = str(model_dir())
    bundle = _cache.get(key)
    if bundle is not None:
        return bundle
    with _lock:
        bundle = _cache.get(key)
        if bundle is None:
            bundle = _load()
            _cache[key] = bundle
    return bundle


def _load() -> Bundle:
    model_bytes, manifest_bytes, where = _read_files()
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"manifest.json in {where} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"the Darija model in {where} has format {manifest.get('format_version') if isinstance(manifest, dict) else '?'}"
            f", this awal reads format {FORMAT_VERSION}; retrain with 'awal translit train'"
        )
    expected = manifest.get("files", {}).get("model.npz")
    actual = hashlib.sha256(model_bytes).hexdigest()
    if expected != actual:
        raise ModelError(
            f"model.npz in {where} does not match its manifest (sha256 {actual[:12]}..., expected "
            f"{str(expected)[:12]}...): the file is corrupt or was replaced; reinstall awal or retrain"
        )
    try:
        npz = np.load(io.BytesIO(model_bytes), allow_pickle=False)
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"model.npz in {where} cannot be read: {exc}") from exc
    return Bundle(_LazyArrays(npz, where), manifest)


class _LazyArrays(Mapping[str, np.ndarray]):
    """The arrays of model.npz, each decompressed on first use (Latin -> Arabic for ary needs a
    third of the file: the other varieties, the character LMs and the reverse lexicon wait)."""

    def __init__(self, npz: Any, where: str) -> None:
        self._npz = npz
        self._where = where
        self._names = frozenset(npz.files)
        self._done: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> np.ndarray:
        arr = self._done.get(name)
        if arr is not None:
            return arr
        if name not in self._names:
            raise KeyError(name)
        with self._lock:
            arr = self._done.get(name)
            if arr is None:
                try:
                    arr = self._done[name] = self._npz[name]
                except (ValueError, OSError, zipfile.BadZipFile, zlib.error) as exc:
                    raise ModelError(f"model.npz in {self._where} cannot be read ({name}: {exc})") from exc
        return arr

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names
