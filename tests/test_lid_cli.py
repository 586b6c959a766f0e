"""``awal detect`` and ``awal lid evaluate``: N lines in, N lines out; jsonl fields; errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from awal.cli import main


def run(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "awal", *args], input=stdin, capture_output=True, timeout=120)


LINES = [
    "wach nta mzyan? bghit nmchi l souk",
    "",
    "Bonjour, je voudrais un rendez-vous",
    "😂😂",
    "واش نتا مزيان؟",
    "Привет, как дела?",
    "ⴰⵣⵓⵍ ⴼⵍⵍⴰⵡⵏ",
]


def test_detect_jsonl_one_object_per_line() -> None:
    r = run(["detect", "--format", "jsonl"], "\n".join(LINES).encode() + b"\n")
    assert r.returncode == 0, r.stderr
    objs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(objs) == len(LINES)
    assert [o["text"] for o in objs] == LINES
    for o in objs:
        assert {"label", "confidence", "alternatives", "reason"} <= set(o)
    assert objs[0]["label"] == "ary_Latn"
    assert objs[1]["label"] is None and objs[1]["reason"] == "empty_line"
    assert objs[3]["label"] == "und"
    assert objs[4]["label"] == "ary_Arab"
    assert objs[5]["label"] is None and objs[5]["reason"] == "unsupported_script"
    assert objs[6]["label"] == "zgh_Tfng"
    assert all(isinstance(a["confidence"], float) for a in objs[0]["alternatives"])


def test_detect_text_and_spans_keep_line_count(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"salam, bghit n9ad la carte nationale dyali\n\xff\xfe broken bytes\nBonjour\n")
    r = run(["detect", str(src)], b"")
    assert r.returncode == 0
    assert len(r.stdout.decode().splitlines()) == 3
    assert b"invalid UTF-8" in r.stderr
    r = run(["detect", "--spans", "--format", "jsonl", str(src)], b"")
    objs = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(objs) == 3
    first = objs[0]
    assert {s["label"] for s in first["spans"]} >= {"ary_Latn", "fra_Latn"}
    for s in first["spans"]:
        assert first["text"][s["start"] : s["end"]] == s["text"]


def test_detect_labels_threshold_and_model_options() -> None:
    r = run(["detect", "--labels", "eng_Latn", "spa_Latn", "--format", "jsonl"], b"Bonjour tout le monde\n")
    obj = json.loads(r.stdout)
    assert obj["label"] in (None, "eng_Latn", "spa_Latn")
    r = run(["detect", "--threshold", "1.0"], b"ok\n")
    assert r.stdout.decode().startswith("-")
    r = run(["detect", "--model", "open"], b"Bonjour tout le monde\n")
    assert r.returncode == 0 and r.stdout.decode().startswith("fra_Latn")


def test_detect_errors_exit_cleanly() -> None:
    r = run(["detect", "--labels", "xx_Latn"], b"salam\n")
    assert r.returncode == 1 and b"unknown label" in r.stderr and b"Traceback" not in r.stderr
    r = run(["detect", "--model", "nope"], b"salam\n")
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    r = run(["detect", "--threshold", "abc"], b"salam\n")
    assert r.returncode == 2
    r = run(["detect", "/no/such/file"], b"")
    assert r.returncode == 1


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in (["detect", "--help"], ["lid", "train", "--help"], ["lid", "evaluate", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(cmd)
        assert exc.value.code == 0
        assert "example" in capsys.readouterr().out


def test_evaluate_refuses_train_split(tmp_path: Path) -> None:
    (tmp_path / "lid").mkdir()
    (tmp_path / "lid" / "train.tsv").write_text("label\tsource\ttext\nfra_Latn\tx\tBonjour\n", encoding="utf-8")
    assert main(["lid", "evaluate", "--data", str(tmp_path), "--split", "train"]) == 1


def test_evaluate_writes_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "lid").mkdir(parents=True)
    rows = [
        ("fra_Latn", "Je voudrais un café s'il vous plaît"),
        ("eng_Latn", "I would like a coffee please"),
        ("ary_Latn", "bghit wa7d l9ahwa 3afak"),
        ("ary_Arab", "بغيت واحد القهوة عافاك"),
        ("arb_Arab", "أريد فنجان قهوة من فضلك"),
        ("zgh_Tfng", "ⵔⵉⵖ ⴰⴷ ⵙⵡⵖ ⴰⴽⴰⴼⵉ"),
    ]
    (data / "lid" / "dev.tsv").write_text(
        "label\tsource\ttext\n" + "".join(f"{lab}\tmine\t{t}\n" for lab, t in rows), encoding="utf-8"
    )
    report = tmp_path / "rep.md"
    assert main(["lid", "evaluate", "--data", str(data), "--split", "dev", "--report", str(report)]) == 0
    md = report.read_text(encoding="utf-8")
    assert "Per label" in md and "Arabic-script cluster" in md and "by input length" in md
    js = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert js["lines"] == len(rows) and "macro_f1" in js and "arabic_confusion" in js
