"""``awal translit`` for Amazigh: the issue's examples, auto detection, errors, line counts."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from awal.cli import main


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(argv, stdin: bytes, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(stdin))
    return main(argv)


def _installed_awal() -> list[str]:
    exe = shutil.which("awal")
    return [exe] if exe else [sys.executable, "-m", "awal"]


def _awal(args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_installed_awal(), *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_done_when_tifinagh_to_latin():
    proc = _awal(["translit", "--to", "Latn"], "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "azul fllak\n"


def test_done_when_latin_to_tifinagh():
    proc = _awal(["translit", "--from", "Latn", "--to", "Tfng"], "azul fellak\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ\n"


def test_invalid_utf8_keeps_the_line_count(capsys, monkeypatch):
    data = "ⴰⵣⵓⵍ\n".encode() + b"\xff\xfe\n" + "ⵜⴰⵎⴰⵣⵉⵖⵜ\n".encode() + b"\n"
    assert run(["translit", "--to", "Latn"], data, monkeypatch) == 0
    captured = capsys.readouterr()
    assert captured.out.split("\n") == ["azul", "\ufffd\ufffd", "tamaziɣt", "", ""]
    assert "invalid UTF-8" in captured.err and "<stdin>:2" in captured.err


def test_installed_command_keeps_lines_with_invalid_utf8():
    proc = subprocess.run(
        [*_installed_awal(), "translit", "--to", "Tfng"],
        input=b"azul\n\xff\nfellak\n",
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().split("\n") == ["ⴰⵣⵓⵍ", "\ufffd", "ⴼⵍⵍⴰⴽ", ""]
    assert b"Traceback" not in proc.stderr


def test_auto_detects_per_line(capsys, monkeypatch):
    lines = ["azul fellak", "ازول", "ⴰⵣⵓⵍ", "2025 😀", ""]
    assert run(["translit", "--to", "Tfng"], "\n".join(lines).encode() + b"\n", monkeypatch) == 0
    assert capsys.readouterr().out.split("\n") == ["ⴰⵣⵓⵍ ⴼⵍⵍⴰⴽ", "ⴰⵣⵓⵍ", "ⴰⵣⵓⵍ", "2025 😀", "", ""]


def test_explicit_schemes_and_jsonl(capsys, monkeypatch, tmp_path):
    src = tmp_path / "words.txt"
    src.write_text("azul\nɣ ḍ\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [
        "translit",
        "--from",
        "ircam-latin",
        "--to",
        "amazigh-arabic",
        str(src),
        "--format",
        "jsonl",
        "-o",
        str(out),
    ]
    assert main(args) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["translit"] for r in rows] == ["ازول", "غ ض"]
    assert rows[0]["text"] == "azul" and rows[0]["conversions"] == ["ircam-latin>amazigh-arabic"]


def test_tifinagh_to_arabic_keeps_other_text(capsys, monkeypatch):
    assert run(["translit", "--to", "Arab"], "ⵜⴰⵎⴰⵣⵉⵖⵜ 2025 😀\n".encode(), monkeypatch) == 0
    assert capsys.readouterr().out == "تامازيغت 2025 😀\n"


def test_unknown_scheme_exits_1_with_the_list(capsys, monkeypatch):
    assert run(["translit", "--to", "klingon"], "ⴰ\n".encode(), monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.startswith("awal: error:") and "ircam-latin" in err and "amazigh-arabic" in err
    assert "Traceback" not in err
    assert run(["translit", "--from", "nope", "--to", "Latn"], b"a\n", monkeypatch) == 1
    assert run(["translit", "--to", "popular-latin"], b"a\n", monkeypatch) == 1
    assert "input-only" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys, monkeypatch):
    with pytest.raises(SystemExit) as info:
        run(["translit"], b"a\n", monkeypatch)  # --to missing
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        run(["translit", "--to", "Latn", "--variety", "xx"], b"a\n", monkeypatch)
    assert info.value.code == 2


def test_list_and_help(capsys):
    assert main(["translit", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("tfng", "ircam-latin", "popular-latin", "amazigh-arabic", "Darija"):
        assert name in out
    with pytest.raises(SystemExit) as info:
        main(["translit", "--help"])
    assert info.value.code == 0
    help_text = capsys.readouterr().out
    assert "example" in help_text and "--variety" in help_text and "--from" in help_text


def test_latin_arabic_is_darija(capsys, monkeypatch):
    """Latn <-> Arab without an Amazigh scheme goes to awal.translit.darija (or a clear error)."""
    import awal.translit.cli as tcli

    calls: list[tuple[str, str, dict]] = []

    class FakeDarija:
        @staticmethod
        def to_arabic(text: str, variety: str = "ary") -> str:
            calls.append(("to_arabic", text, {"variety": variety}))
            return f"<ar:{text}>"

        @staticmethod
        def to_latin(text: str, scheme: str = "arabizi") -> str:
            calls.append(("to_latin", text, {}))
            return f"<lat:{text}>"

    monkeypatch.setattr(tcli, "optional_module", lambda name: FakeDarija if name == tcli.DARIJA_MODULE else None)
    assert run(["translit", "--from", "Latn", "--to", "Arab", "--variety", "mey"], b"salam\n", monkeypatch) == 0
    assert capsys.readouterr().out == "<ar:salam>\n"
    assert calls[-1] == ("to_arabic", "salam", {"variety": "mey"})
    # auto: the Arabic part of a mixed line goes to Darija, the Tifinagh part to the Amazigh table
    assert run(["translit", "--to", "Latn"], "ⴰⵣⵓⵍ سلام\n".encode(), monkeypatch) == 0
    assert capsys.readouterr().out == "azul <lat:سلام>\n"

    monkeypatch.setattr(tcli, "optional_module", lambda name: None)
    assert run(["translit", "--from", "Latn", "--to", "Arab"], b"salam\n", monkeypatch) == 1
    err = capsys.readouterr().err
    assert "Darija transliteration" in err and "not available" in err
    # an explicit Amazigh scheme on one side keeps it Amazigh
    assert run(["translit", "--from", "ircam-latin", "--to", "Arab"], b"azul\n", monkeypatch) == 0
    assert capsys.readouterr().out == "ازول\n"


def test_demo_fields(monkeypatch):
    from awal.languages import Group
    from awal.translit import _demo

    fields = dict(_demo.demo_fields("ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ"))
    assert fields == {"translit Latn": "azul fllawn", "translit Arab": "ازول فللاون"}
    assert _demo.demo_fields("2025 😀") == []
    # without a language decision, only IRCAM-only letters make a Latin line Amazigh
    monkeypatch.setattr(_demo, "_group", lambda text: None)
    assert dict(_demo.demo_fields("aẓru d uɣanim"))["translit Tfng"] == "ⴰⵥⵔⵓ ⴷ ⵓⵖⴰⵏⵉⵎ"
    assert _demo.demo_fields("bonjour a tous") == []
    monkeypatch.setattr(_demo, "_group", lambda text: Group.AMAZIGH)
    assert _demo.demo_fields("azul fellawn") == [("translit Tfng", "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ")]
    monkeypatch.setattr(_demo, "_group", lambda text: Group.EUROPEAN)
    assert _demo.demo_fields("bonjour") == []
