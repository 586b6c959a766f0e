"""Create ``benchmarks/.venv-lid`` holding the peer language identifiers (never awal's deps).

    python benchmarks/lid/setup_peers.py            # create or complete the venv
    python benchmarks/lid/setup_peers.py --force    # recreate it from scratch

Each peer in ``peers.txt`` is installed on its own, so one that fails to install does not
take the others down; the outcome per peer (version or pip's error) is written to
``<venv>/awal-peers.json``, which ``run.py`` reads and reports. All peers ship wheels for
CPython 3.11 (langid, pure Python, builds from its sdist), so the venv uses the same
interpreter as awal's environment; ``--python`` picks another one if a peer ever needs it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VENV = HERE.parent / ".venv-lid"
STATUS_NAME = "awal-peers.json"


def requirements(path: Path = HERE / "peers.txt") -> list[str]:
    """The pinned peer requirements, comments and blank lines skipped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def venv_python(venv_dir: Path) -> Path:
    return venv_dir / "bin" / "python"


def ensure(venv_dir: Path = DEFAULT_VENV, python: str | None = None, force: bool = False) -> dict[str, dict]:
    """Create/complete the peer venv; return {requirement: {"ok": bool, "version"|"error": str}}."""
    status_file = venv_dir / STATUS_NAME
    reqs = requirements()
    if force and venv_dir.exists():
        shutil.rmtree(venv_dir)
    if status_file.is_file():
        status = json.loads(status_file.read_text(encoding="utf-8"))
        if set(status) == set(reqs) and venv_python(venv_dir).exists():
            return status
    if not venv_python(venv_dir).exists():
        if python:
            subprocess.run([python, "-m", "venv", str(venv_dir)], check=True)
        else:
            # the base interpreter of awal's environment, not the venv layered on it
            venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    py = str(venv_python(venv_dir))
    status: dict[str, dict] = {}
    for req in reqs:
        print(f"[setup_peers] pip install {req}", file=sys.stderr, flush=True)
        proc = subprocess.run(
            [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", req],
            capture_output=True,
            text=True,
        )
        if proc.returncode == 0:
            status[req] = {"ok": True}
        else:
            tail = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()][-3:]
            status[req] = {"ok": False, "error": " | ".join(tail)[:500] or f"pip exit {proc.returncode}"}
    status_file.write_text(json.dumps(status, indent=1), encoding="utf-8")
    return status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="where to create it (default: %(default)s)")
    ap.add_argument("--python", help="interpreter to build the venv from (default: awal's base interpreter)")
    ap.add_argument("--force", action="store_true", help="delete and recreate the venv")
    args = ap.parse_args()
    status = ensure(args.venv, args.python, args.force)
    for req, st in status.items():
        print(f"{req}: {'ok' if st['ok'] else 'FAILED: ' + st['error']}")
    return 0 if all(st["ok"] for st in status.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
