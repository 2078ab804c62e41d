"""The benchmark summary: figures recorded beside their floor, peer and target, the JSON of a run (a partial run
keeps the other benchmarks' figures) and the table printed at its end. Tiny inputs; no timing is asserted."""

import json

import pytest

from bench import report


@pytest.fixture
def figures(monkeypatch):
    monkeypatch.setattr(report, "FIGURES", [])
    report.record("service_log_import", "导入 1,000 行", 1.5, "s", floor=1.0, peer=30.0, target="≤ 2× floor", met=True)
    report.record("service_log_import", "memory", float("nan"), "×", target="≤ 1.2×", met=None)
    report.record("regions", "subtree", 2, "ms", peer=8, target="faster than the walk", met=0)
    return report.FIGURES


def test_figures_are_written_as_json_and_summarised(figures, tmp_path):
    doc = report.document(
        figures, size="tiny", database="sqlite", benchmarks=["service_log_import", "regions"], seconds=3
    )
    path = tmp_path / "results" / "tiny.json"
    report.write(doc, path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["size"] == "tiny" and written["database"] == "sqlite"
    assert written["figures"][0] == {
        "benchmark": "service_log_import",
        "name": "导入 1,000 行",
        "value": 1.5,
        "unit": "s",
        "floor": 1.0,
        "peer": 30.0,
        "target": "≤ 2× floor",
        "met": True,
    }
    assert written["figures"][1]["value"] is None  # NaN is not JSON
    assert written["figures"][2]["met"] is False
    table = report.summary(written["figures"])
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["benchmark", "figure", "value"]
    assert "1.00 s (1.50×)" in table and "30.0 s (0.05×)" in table
    assert [line.split()[-1] for line in lines[2:5]] == ["yes", "—", "NO"]
    assert lines[-1] == "targets met: 1, not met: 1, not decided: 1"


def test_a_partial_run_replaces_only_its_own_figures(figures, tmp_path, monkeypatch):
    previous = report.document(
        figures, size="tiny", database="sqlite", benchmarks=["service_log_import", "regions"], seconds=3
    )
    monkeypatch.setattr(report, "FIGURES", [])
    report.record("regions", "subtree", 1, "ms", peer=9, target="faster than the walk", met=True)
    doc = report.document(
        report.FIGURES, size="tiny", database="sqlite", benchmarks=["regions"], seconds=1, previous=previous
    )
    assert [(f["benchmark"], f["value"]) for f in doc["figures"]] == [
        ("service_log_import", 1.5),
        ("service_log_import", None),
        ("regions", 1.0),
    ]
    assert doc["benchmarks"] == ["service_log_import", "regions"]
    # Another database's file is not merged into.
    other = report.document(
        report.FIGURES, size="tiny", database="postgresql", benchmarks=["regions"], seconds=1, previous=previous
    )
    assert len(other["figures"]) == 1


def test_the_results_file_is_named_by_size():
    assert report.results_path("small").name == "small.json"
    assert report.results_path("large").parent.name == "results"
