"""Create one isolated venv per peer transliterator under ``benchmarks/.venv-translit-<peer>/`` (gitignored).

Each peer gets its own venv so that no peer's dependencies can change another's (or awal's) behaviour, and
so a peer that fails to install fails alone. Packages come from PyPI through plain ``pip install`` with pinned
versions (bump them here on purpose, never silently). darija-router publishes CPython 3.12 wheels only, so its
venv is built with a Python 3.12 interpreter, looked up in this order:

1. ``$AWAL_BENCH_PYTHON312`` (path to a python3.12 binary),
2. ``python3.12`` on PATH (a pyenv shim that is not the active version is skipped),
3. ``$(pyenv root)/versions/3.12.*/bin/python3.12``, ``/usr/bin/python3.12``, ``/usr/local/bin/python3.12``,
4. ``uv python find 3.12`` if uv is installed.

If none works the error says how to get one (``pyenv install 3.12``, ``uv python install 3.12`` or the
distribution's python3.12 package); the benchmark then reports darija-router as not installed, with that reason.

Usage: ``python benchmarks/translit/setup_peers.py [--force] [peer ...]``
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
READY = "awal-bench-ready.json"


@dataclass(frozen=True)
class Peer:
    name: str
    dist: str
    version: str
    module: str
    python: str | None = None  # "3.12" = needs that minor version; None = the interpreter running this script

    @property
    def venv(self) -> Path:
        return BENCH_DIR / f".venv-translit-{self.name}"

    @property
    def python_path(self) -> Path:
        return self.venv / "bin" / "python"


PEERS: dict[str, Peer] = {
    p.name: p
    for p in (
        Peer("darija-router", "darija-router", "0.15.0", "darija_router", python="3.12"),
        Peer("arabizi", "arabizi", "0.1.0", "arabizi"),
        Peer("darija-tools", "darija-tools", "0.2.1", "darija_tools"),
        Peer("cadar", "cadar", "0.1.13", "cadar"),
        Peer("arabizikit", "arabizikit", "1.0.0", "arabizikit"),
    )
}


@dataclass(frozen=True)
class PeerEnv:
    """Where a peer's venv Python is, or why there is none."""

    peer: Peer
    python: Path | None
    error: str | None = None


def _log(msg: str) -> None:
    print(f"[setup_peers] {msg}", file=sys.stderr, flush=True)


def _minor_of(python: str) -> str | None:
    try:
        proc = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def find_python(minor: str) -> str:
    """Path of a working ``python<minor>`` interpreter; raises RuntimeError with install hints if none."""
    candidates: list[str] = []
    env = os.environ.get(f"AWAL_BENCH_PYTHON{minor.replace('.', '')}")
    if env:
        candidates.append(env)
    on_path = shutil.which(f"python{minor}")
    if on_path:
        candidates.append(on_path)
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{minor}.*/bin/python{minor}"), reverse=True)
    candidates += [f"/usr/bin/python{minor}", f"/usr/local/bin/python{minor}"]
    for c in candidates:
        if Path(c).exists() and _minor_of(c) == minor:
            return c
    uv = shutil.which("uv")
    if uv:
        proc = subprocess.run([uv, "python", "find", minor], capture_output=True, text=True, timeout=60)
        found = proc.stdout.strip()
        if proc.returncode == 0 and found and _minor_of(found) == minor:
            return found
    raise RuntimeError(
        f"no Python {minor} interpreter found (tried {', '.join(candidates) or 'nothing'}); install one "
        f"(`pyenv install {minor}`, `uv python install {minor}` or the distribution's python{minor} package) "
        f"or set AWAL_BENCH_PYTHON{minor.replace('.', '')}=/path/to/python{minor}"
    )


def _tail(text: str, lines: int = 6) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip() and not ln.startswith("WARNING: Location")]
    return " | ".join(kept[-lines:])


def ready_info(peer: Peer) -> dict | None:
    marker = peer.venv / READY
    if not marker.is_file() or not peer.python_path.exists():
        return None
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_peer(peer: Peer, force: bool = False) -> PeerEnv:
    """Create ``peer``'s venv and install it unless a ready marker says it is already done."""
    info = ready_info(peer)
    if info is not None and not force and info.get("version") == peer.version:
        return PeerEnv(peer, peer.python_path)
    try:
        base = find_python(peer.python) if peer.python else sys.executable
    except RuntimeError as exc:
        return PeerEnv(peer, None, str(exc))
    if peer.venv.exists():
        shutil.rmtree(peer.venv)
    _log(f"creating {peer.venv.name} with {base}")
    proc = subprocess.run([base, "-m", "venv", str(peer.venv)], capture_output=True, text=True)
    if proc.returncode != 0:
        return PeerEnv(peer, None, f"venv creation with {base} failed: {_tail(proc.stderr)}")
    spec = f"{peer.dist}=={peer.version}"
    _log(f"pip install {spec}")
    try:
        proc = subprocess.run(
            [str(peer.python_path), "-m", "pip", "install", "--disable-pip-version-check", "-q", spec],
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired:
        return PeerEnv(peer, None, f"pip install {spec} timed out after 900 s")
    if proc.returncode != 0:
        return PeerEnv(peer, None, f"pip install {spec} failed: {_tail(proc.stderr + proc.stdout)}")
    proc = subprocess.run([str(peer.python_path), "-c", f"import {peer.module}"], capture_output=True, text=True)
    if proc.returncode != 0:
        return PeerEnv(peer, None, f"installed {spec} but `import {peer.module}` failed: {_tail(proc.stderr)}")
    python_version = _minor_of(str(peer.python_path))
    marker = {"dist": peer.dist, "version": peer.version, "python": python_version, "base_python": base}
    (peer.venv / READY).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    _log(f"{peer.name} ready (Python {python_version})")
    return PeerEnv(peer, peer.python_path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("peers", nargs="*", help=f"peers to set up (default: all of {', '.join(PEERS)})")
    parser.add_argument("--force", action="store_true", help="recreate venvs even if they are ready")
    args = parser.parse_args(argv)
    unknown = [p for p in args.peers if p not in PEERS]
    if unknown:
        parser.error(f"unknown peer(s) {', '.join(unknown)}; choose from {', '.join(PEERS)}")
    failed = 0
    for name in args.peers or list(PEERS):
        env = ensure_peer(PEERS[name], force=args.force)
        if env.error:
            failed += 1
            _log(f"{name}: FAILED: {env.error}")
        else:
            _log(f"{name}: {env.python}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
