"""Run every benchmark: ``make bench``, or some by name: ``python -m bench lists``. Each prints its figures beside a
baseline measured in the same run, on a throw-away test database (SQLite in memory, or PostgreSQL when DATABASE_URL
is set), and records them (``bench.report``): the run ends with a table of every figure beside its floor, its peer
and its target, and writes them to ``bench/results/<BENCH_SIZE>.json`` (``BENCH_RESULTS`` names another file)."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402

from bench import excel_export, excel_import, lists, pages, regions, report, server, service_log_import  # noqa: E402

BENCHMARKS = [regions, lists, pages, excel_import, service_log_import, excel_export, server]


def short_name(benchmark) -> str:
    return benchmark.__name__.rsplit(".", 1)[-1]


def main(names: list[str]) -> int:
    by_name = {short_name(benchmark): benchmark for benchmark in BENCHMARKS}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; choose from: {', '.join(by_name)}")
    selected = [by_name[name] for name in names] or BENCHMARKS
    size = os.environ.get("BENCH_SIZE", "small")
    started = time.perf_counter()
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database = connection.vendor
    try:
        for benchmark in selected:
            benchmark.run()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    path = Path(os.environ["BENCH_RESULTS"]) if os.environ.get("BENCH_RESULTS") else report.results_path(size)
    doc = report.document(
        report.FIGURES,
        size=size,
        database=database,
        benchmarks=[short_name(benchmark) for benchmark in selected],
        seconds=time.perf_counter() - started,
        previous=report.read(path),
    )
    report.write(doc, path)
    print()
    print(f"summary ({size}, {database}; every figure of {path.name}):")
    print(report.summary(doc["figures"]))
    print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
