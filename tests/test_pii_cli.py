"""The installed CLI: N lines in, N lines out (also with invalid UTF-8), JSON shape, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LINES = b"smiti Salma, tel 06 61 23 45 67\n\xff\xfe cin BK123456 \xc3\n\nRIB 011780000012345678901299\n"


def run(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "awal", "pii", *args], input=stdin, capture_output=True, env=env, timeout=120
    )


def test_find_jsonl_one_object_per_line() -> None:
    res = run("find", "--format", "jsonl", stdin=LINES)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in res.stdout.decode().splitlines()]
    assert len(rows) == 4
    assert [e["type"] for e in rows[0]["entities"]] == ["PERSON", "PHONE"]
    assert set(rows[0]["entities"][0]) == {"type", "start", "end", "text", "score", "valid"}
    assert [e["type"] for e in rows[1]["entities"]] == ["CIN"]
    assert rows[2]["entities"] == []
    assert rows[3]["entities"][0]["valid"] is False
    assert b"invalid UTF-8" in res.stderr


def test_find_text_format() -> None:
    res = run("find", stdin=LINES)
    out = res.stdout.decode().splitlines()
    assert len(out) == 4 and out[2] == "-"
    assert "PHONE[17:31]=06 61 23 45 67" in out[0]
    assert "(0.55!)" in out[3] or "!)" in out[3]


@pytest.mark.parametrize("action", ["replace", "mask", "pseudonymize"])
def test_redact_keeps_line_count(action: str) -> None:
    res = run("redact", "--action", action, stdin=LINES)
    assert res.returncode == 0, res.stderr
    out = res.stdout.decode().splitlines()
    assert len(out) == 4
    assert "06 61 23 45 67" not in out[0] and "BK123456" not in out[1]


def test_redact_key_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    key = tmp_path / "key"
    key.write_text("s3cret\n")
    a = run("redact", "--action", "pseudonymize", "--key-file", str(key), stdin=LINES).stdout
    b = run("redact", "--action", "pseudonymize", "--key", "s3cret", stdin=LINES).stdout
    assert a == b and b"BK123456" not in a


def test_errors_exit_cleanly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    res = run("find", "--types", "PHONE,SSN", stdin=b"x\n")
    assert res.returncode == 1 and b"unknown entity type" in res.stderr and b"Traceback" not in res.stderr
    res = run("redact", "--action", "mask", "--key", "k", stdin=b"x\n")
    assert res.returncode == 1 and b"--key" in res.stderr
    res = run("redact", "--action", "nope", stdin=b"x\n")
    assert res.returncode == 2
    res = run("find", str(tmp_path / "missing.txt"))
    assert res.returncode == 1 and b"cannot read" in res.stderr


def test_help_has_examples() -> None:
    for sub in ("find", "redact"):
        res = run(sub, "--help")
        assert res.returncode == 0 and b"example" in res.stdout
