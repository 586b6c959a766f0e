"""The CLI contract shared by every command: exit codes, line counts, bad input."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from awal.cli import main


class _Stdin:
    """Stand-in for sys.stdin with a binary buffer."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(argv, stdin: bytes = b"", monkeypatch=None):
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
    return main(argv)


def test_help_and_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "scripts" in out and "demo" in out and "example" in out


def test_every_subcommand_help_has_an_example(capsys):
    from awal.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        with pytest.raises(SystemExit) as info:
            main([name, "--help"])
        assert info.value.code == 0
        assert "example" in capsys.readouterr().out, name


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["scripts", "--format", "xml"])
    assert info.value.code == 2


def test_invalid_utf8_keeps_every_line(capsys, monkeypatch):
    code = run(["scripts", "--format", "jsonl"], b"a\n\xff\xfe\nb\n", monkeypatch)
    assert code == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["text"] for r in rows] == ["a", "\ufffd\ufffd", "b"]
    assert "invalid UTF-8" in captured.err and "<stdin>:2" in captured.err


def test_strict_decoding_is_a_domain_error(capsys, monkeypatch):
    assert run(["scripts", "--encoding-errors", "strict"], b"ok\n\xff\n", monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("awal: error:") and ":2:" in err and "Traceback" not in err


def test_binary_file_is_refused(tmp_path, capsys):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x00\x01\x02binary\x00\n")
    assert main(["scripts", str(path)]) == 1
    assert "binary" in capsys.readouterr().err


def test_binary_file_with_nul_after_the_first_line_is_refused(tmp_path, capsys):
    path = tmp_path / "blob.bin"
    path.write_bytes(b"looks like text\n" + bytes(range(256)) * 4)
    assert main(["scripts", str(path)]) == 1
    assert "binary" in capsys.readouterr().err


def test_missing_file_is_a_domain_error(tmp_path, capsys):
    assert main(["scripts", str(tmp_path / "nope.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_empty_input_warns_and_prints_nothing(capsys, monkeypatch):
    assert run(["scripts"], b"", monkeypatch) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "empty" in captured.err


def test_empty_lines_and_crlf_are_kept(capsys, monkeypatch):
    assert run(["scripts"], b"salam\r\n\r\n\xe2\xb4\xb0\n", monkeypatch) == 0
    lines = capsys.readouterr().out.split("\n")
    assert lines[-1] == "" and len(lines) == 4
    assert lines[0].startswith("Latn") and lines[1].startswith("Zyyy") and lines[2].startswith("Tfng")


def test_output_file_and_multiple_inputs(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("salam\nمرحبا\n", encoding="utf-8")
    b.write_text("ⴰⵣⵓⵍ", encoding="utf-8")  # no trailing newline: still a line
    out = tmp_path / "out.jsonl"
    assert main(["scripts", str(a), str(b), "--format", "jsonl", "-o", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["dominant"] for r in rows] == ["Latn", "Arab", "Tfng"]


def test_demo_runs(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Darija" in out and "ⴰⵣⵓⵍ" in out and "scripts" in out


def _installed_awal() -> list[str]:
    exe = shutil.which("awal")
    return [exe] if exe else [sys.executable, "-m", "awal"]


@pytest.mark.parametrize("command", [_installed_awal(), [sys.executable, "-m", "awal"]])
def test_installed_command_smoke(command):
    proc = subprocess.run(
        [*command, "scripts"],
        input=b"3afak\n" + b"\xff\n" + "ⴰⵣⵓⵍ\n".encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().count("\n") == 3
    assert b"invalid UTF-8" in proc.stderr and b"Traceback" not in proc.stderr
    proc = subprocess.run([*command, "bogus"], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 2
