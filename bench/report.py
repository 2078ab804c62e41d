"""The figures of a benchmark run, each beside its floor, its peer and its target, and the JSON file of the run.

A benchmark calls ``record(...)`` for each figure it measures; ``python -m bench`` prints the summary table at the
end and writes ``bench/results/<size>.json`` (``BENCH_RESULTS`` names another file). The format, documented in
docs/benchmarks.md::

    {"size": "small", "database": "sqlite", "finished": "2026-12-01T06:10:00+00:00", "seconds": 150.2,
     "benchmarks": ["regions", ...],
     "figures": [{"benchmark": "service_log_import", "name": "import, 5,000 rows", "value": 1.9, "unit": "s",
                  "floor": 1.2, "peer": null, "target": "≤ 2× floor", "met": true}, ...]}

``value``, ``floor`` and ``peer`` share the figure's ``unit`` (null when not measured); ``target`` is text;
``met`` is true, false, or null when the run could not tell (no peer at that size, a skipped benchmark). A run of
some benchmarks only (``python -m bench pages``) replaces their figures in the file of the same size and database
and keeps the others.
"""

import datetime
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    benchmark: str
    name: str
    value: float | None
    unit: str
    floor: float | None = None
    peer: float | None = None
    target: str = ""
    met: bool | None = None


FIGURES: list[Figure] = []


def _number(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 4)


def record(
    benchmark: str,
    name: str,
    value,
    unit: str,
    *,
    floor=None,
    peer=None,
    target: str = "",
    met: bool | None = None,
) -> Figure:
    """Keep one figure of this run (``benchmark`` is the module's short name, as ``python -m bench`` takes it)."""
    figure = Figure(
        benchmark=benchmark,
        name=name,
        value=_number(value),
        unit=unit,
        floor=_number(floor),
        peer=_number(peer),
        target=target,
        met=None if met is None else bool(met),
    )
    FIGURES.append(figure)
    return figure


def document(
    figures: list[Figure], *, size: str, database: str, benchmarks: list[str], seconds: float, previous=None
) -> dict:
    """The JSON of a run; figures of benchmarks not run this time are kept from ``previous`` (same size and
    database)."""
    kept = []
    if previous and previous.get("size") == size and previous.get("database") == database:
        kept = [figure for figure in previous.get("figures", []) if figure.get("benchmark") not in benchmarks]
        benchmarks = [name for name in previous.get("benchmarks", []) if name not in benchmarks] + benchmarks
    return {
        "size": size,
        "database": database,
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "benchmarks": benchmarks,
        "figures": kept + [asdict(figure) for figure in figures],
    }


def results_path(size: str) -> Path:
    return RESULTS_DIR / f"{size}.json"


def write(doc: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _shown(value, unit: str) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def _beside(other, value, unit: str) -> str:
    """A floor or peer, with how the figure compares to it (value / other)."""
    if other is None:
        return "—"
    if value is None or other == 0:
        return _shown(other, unit)
    return f"{_shown(other, unit)} ({value / other:.2f}×)"


MET = {True: "yes", False: "NO", None: "—"}


def summary(figures: list[dict]) -> str:
    """The table printed at the end of a run: figure / value / floor / peer / target / met."""
    header = ("benchmark", "figure", "value", "floor (value ÷ floor)", "peer (value ÷ peer)", "target", "met")
    rows = [header]
    for figure in figures:
        unit = figure.get("unit") or ""
        value = figure.get("value")
        rows.append(
            (
                figure.get("benchmark", ""),
                figure.get("name", ""),
                _shown(value, unit),
                _beside(figure.get("floor"), value, unit),
                _beside(figure.get("peer"), value, unit),
                figure.get("target") or "—",
                MET[figure.get("met")],
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    counts = {key: sum(1 for figure in figures if figure.get("met") is key) for key in (True, False, None)}
    lines.append(f"targets met: {counts[True]}, not met: {counts[False]}, not decided: {counts[None]}")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
