"""Run every benchmark: ``make bench``, or some by name: ``python -m bench lists``. Each prints its figures beside a
baseline measured in the same run, on a throw-away test database (SQLite in memory, or PostgreSQL when DATABASE_URL
is set)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402

from bench import excel_export, excel_import, lists, pages, regions, server, service_log_import  # noqa: E402

BENCHMARKS = [regions, lists, pages, excel_import, service_log_import, excel_export, server]

if __name__ == "__main__":
    by_name = {benchmark.__name__.rsplit(".", 1)[-1]: benchmark for benchmark in BENCHMARKS}
    unknown = [name for name in sys.argv[1:] if name not in by_name]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; choose from: {', '.join(by_name)}")
    selected = [by_name[name] for name in sys.argv[1:]] or BENCHMARKS
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for benchmark in selected:
            benchmark.run()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
