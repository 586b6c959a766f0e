"""The Darija transliteration benchmark's fixture and report assembly (no peer tools needed)."""

from __future__ import annotations

import importlib.util
import sys
import unicodedata
from pathlib import Path

import pytest

_DIR = Path(__file__).resolve().parents[1] / "benchmarks" / "translit"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_translit_{name}", _DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _load("run")


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(c).split()[0] for c in text if c.isalpha()}


def test_everyday_fixture_is_30_clean_pairs() -> None:
    pairs = run.read_everyday(_DIR / "everyday_ary.tsv")
    assert len(pairs) == 30
    assert len({lat for lat, _ in pairs}) == 30
    for latin, arabic in pairs:
        assert _scripts(latin) == {"LATIN"}, latin
        assert _scripts(arabic) == {"ARABIC"}, arabic
        assert latin == latin.strip() and arabic == arabic.strip()
    # the standard spellings the benchmark is about
    arabic_words = {w for _, ar in pairs for w in ar.split()}
    assert {"الله", "واش", "بزاف", "ديال", "عافاك", "شحال", "فين"} <= arabic_words
    assert "ألاه" not in arabic_words


def test_everyday_sentences_are_not_in_the_corpus(shared_data: Path) -> None:
    everyday = {lat.lower() for lat, _ in run.read_everyday(_DIR / "everyday_ary.tsv")}
    for split in ("train", "dev"):
        rows = run.read_pairs(shared_data / "translit" / f"arabizi_{split}.tsv", "ary")
        assert everyday.isdisjoint(r["latin"].lower() for r in rows), split


def test_read_everyday_rejects_bad_header(tmp_path: Path) -> None:
    bad = tmp_path / "x.tsv"
    bad.write_text("arabic\tlatin\nواش\twach\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="header"):
        run.read_everyday(bad)


def _fake_report() -> dict:
    everyday = run.read_everyday(_DIR / "everyday_ary.tsv")
    dev_refs = ["واش نتا مزيان", "الله يحفظك"]
    good = {
        "status": "ok",
        "version": "1.0",
        "call": "x.to_arabic(text)",
        "python": "3.11",
        # everyday sentences first, then dev in the order given to the worker (here: reversed)
        "outputs": [ar for _, ar in everyday] + ["ألاه يحفظك", "واش نتا مزيان"],
        "errors": 0,
        "load_seconds": 0.1,
        "speed": {"per_second": 1000.0, "repeat_per_second": 900.0, "raised": 0, "calls": 10},
    }
    norm = run.get_normalizer()[0]
    scored = run.score_worker(dict(good), [1, 0], dev_refs, [ar for _, ar in everyday], {"doda_ongoing": [0, 1]}, norm)
    results = {
        "to_arabic": {
            "awal": scored,
            "darija-router": {"status": "not installed", "reason": "no Python 3.12 interpreter found"},
        },
        "to_latin": {
            "awal": {"status": "error", "reason": "ImportError: boom"},
            "darija-router": {"status": "unsupported", "reason": "darija-router has no Arabic->Latin function"},
        },
    }
    meta = {
        "command": "python benchmarks/translit/run.py --data ../shared/data",
        "started": "2026-01-01 00:00 UTC",
        "commit": "abc",
        "machine": "test",
        "dev_pairs": 2,
        "dev_sources": "doda_ongoing 2",
        "dev_source_names": ["doda_ongoing"],
        "dev_source_counts": {"doda_ongoing": 2},
        "normalizer": "search",
        "speed_inputs": {"to_arabic": 10, "to_latin": 10},
        "budget": 300,
    }
    return {
        "meta": meta,
        "tools": ["awal", "darija-router"],
        "results": results,
        "everyday": {"pairs": everyday, "train_overlap": "0 of 30"},
    }


def test_score_worker_and_markdown() -> None:
    report = _fake_report()
    r = report["results"]["to_arabic"]["awal"]
    # ألاه is not الله, raw or normalised: 3 + 1 word hits of 5
    assert r["dev"]["raw"]["exact_count"] == 1
    assert r["dev"]["raw"]["hits"] == r["dev"]["norm"]["hits"] == 4
    assert r["everyday"]["norm"]["exact"] == 1.0
    assert all(r["everyday_match"])
    md = run.build_markdown(report)
    assert "| **awal** | 1.0 | 80.0 |" in md
    # failures are reported, with their reason, never dropped
    assert "no Python 3.12 interpreter found" in md
    assert "ImportError: boom" in md
    assert "has no Arabic->Latin function" in md
    assert md.count(" ✓ |") == 30


def test_score_worker_rejects_too_few_or_too_many_outputs() -> None:
    r = run.score_worker({"status": "ok", "outputs": ["b"]}, [0], ["a"], ["b"], {}, str)
    assert r["status"] == "error"
    assert "finished only 1 of 2 inputs" in r["reason"]
    r = run.score_worker({"status": "ok", "outputs": ["b", "a", "c"]}, [0], ["a"], ["b"], {}, str)
    assert r["status"] == "error"
    assert "3 outputs for 2 inputs" in r["reason"]


def test_truncated_worker_is_scored_on_its_sample_and_compared_like_for_like() -> None:
    refs = ["a", "b", "c", "d"]
    order = [2, 0, 3, 1]
    everyday = ["e"]
    slow = run.score_worker(
        {"status": "ok", "outputs": ["e", "c", "x"]}, order, refs, everyday, {"s": [0, 1, 2, 3]}, str
    )
    assert slow["sample"] == 2
    assert slow["dev_outputs"] == ["x", None, "c", None]
    assert slow["dev"]["raw"]["sentences"] == 2
    assert slow["dev"]["raw"]["exact_count"] == 1
    assert slow["by_source"]["s"]["sentences"] == 2
    full = run.score_worker(
        {"status": "ok", "outputs": ["e", "c", "a", "d", "b"]}, order, refs, everyday, {"s": [0, 1, 2, 3]}, str
    )
    assert full["sample"] == 4
    assert full["dev"]["raw"]["exact"] == 1.0
    same = run.same_sample_scores({"slow": slow, "full": full}, refs, str)
    assert list(same) == ["slow"]
    assert same["slow"]["n"] == 2
    assert same["slow"]["scores"]["full"]["exact"] == 1.0
    assert same["slow"]["scores"]["slow"]["exact"] == 0.5
