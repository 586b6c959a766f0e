"""``awal normalize``: line contract, profiles/steps, formats, errors, installed command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from awal.cli import main


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_default_profile_is_search(monkeypatch, capsys) -> None:
    feed(monkeypatch, "Bzzzzaaaaf  3LIK hhhhhh #Maroc\nواش نتا مزياااان؟\n".encode())
    assert main(["normalize"]) == 0
    assert capsys.readouterr().out == "bzaf 3lik haha maroc\nواش نتا مزيان?\n"


def test_invalid_utf8_keeps_line_count_and_warns(monkeypatch, capsys) -> None:
    feed(monkeypatch, b"a\n\xff\xfe\nb\n")
    assert main(["normalize"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["a", "\ufffd\ufffd", "b"]
    assert "invalid UTF-8" in captured.err and "<stdin>:2" in captured.err


def test_empty_lines_and_lines_that_normalise_to_nothing_are_kept(monkeypatch, capsys) -> None:
    feed(monkeypatch, "salam\n\n\u200b\u200b\nhttps://x.ma\nlabas\n".encode())
    assert main(["normalize", "--profile", "lid"]) == 0
    assert capsys.readouterr().out == "salam\n\n\n\nlabas\n"


def test_steps_option_and_jsonl(monkeypatch, capsys) -> None:
    feed(monkeypatch, "مـــزيان https://t.co/x\n".encode())
    assert main(["normalize", "--steps", "arabic.tatweel, social.tokens:url=placeholder", "--format", "jsonl"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["text"] == "مـــزيان https://t.co/x"
    assert obj["normalized"] == "مزيان <URL>"
    assert obj["profile"] == "arabic.tatweel.v1,social.tokens.v1"


def test_jsonl_offsets_point_into_the_input(monkeypatch, capsys) -> None:
    line = "  Bzzzzaaaaf\u200b 3LIK @Sara"
    feed(monkeypatch, (line + "\n").encode())
    assert main(["normalize", "-p", "corpus", "--format", "jsonl", "--offsets"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["normalized"] == "Bzzzzaaaaf 3LIK <USER>"
    got = [line[t["original"][0] : t["original"][1]] for t in obj["tokens"]]
    assert got == ["Bzzzzaaaaf", "3LIK", "@Sara"]


def test_offsets_needs_jsonl(monkeypatch, capsys) -> None:
    feed(monkeypatch, b"x\n")
    assert main(["normalize", "--offsets"]) == 2
    assert "--offsets needs --format jsonl" in capsys.readouterr().err


def test_unknown_profile_and_step_exit_1_with_valid_names(monkeypatch, capsys) -> None:
    feed(monkeypatch, b"x\n")
    assert main(["normalize", "--profile", "serch"]) == 1
    err = capsys.readouterr().err
    assert "unknown normalisation profile 'serch'" in err and "search" in err
    feed(monkeypatch, b"x\n")
    assert main(["normalize", "--steps", "arabic.tatwel"]) == 1
    assert "arabic.tatweel" in capsys.readouterr().err


def test_usage_error_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["normalize", "--format", "xml"])
    assert exc.value.code == 2


def test_list_and_help(capsys) -> None:
    assert main(["normalize", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("search", "lid", "display", "corpus", "arabic.hamza", "social.tokens", "tifinagh.lookalikes"):
        assert name in out
    assert "collapse_to=1 [1|2]" in out
    with pytest.raises(SystemExit) as exc:
        main(["normalize", "--help"])
    assert exc.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_files_and_output(tmp_path, capsys) -> None:
    src = tmp_path / "in.txt"
    src.write_text("SALAM\nⴰⵣOⵍ\n", encoding="utf-8")
    dst = tmp_path / "out.txt"
    assert main(["normalize", "-p", "search", str(src), "-o", str(dst)]) == 0
    assert dst.read_text(encoding="utf-8") == "salam\nⴰⵣⵔⵍ\n"
    assert main(["normalize", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_binary_file_refused(tmp_path, capsys) -> None:
    src = tmp_path / "x.bin"
    src.write_bytes(b"\x00\x01\x02binary")
    assert main(["normalize", str(src)]) == 1
    assert "binary" in capsys.readouterr().err


def test_demo_field() -> None:
    from awal.normalize._demo import demo_fields

    assert demo_fields("واش نتا مزيان؟") == [("normalized", "واش نتا مزيان?")]


def _awal_command() -> list[str]:
    exe = shutil.which("awal")
    return [exe] if exe else [sys.executable, "-m", "awal"]


def test_installed_command_smoke() -> None:
    proc = subprocess.run(
        [*_awal_command(), "normalize"],
        input=b"a\n\xff\xfe\nb\n",
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8").splitlines() == ["a", "\ufffd\ufffd", "b"]
    assert b"warning" in proc.stderr and b"invalid UTF-8" in proc.stderr
