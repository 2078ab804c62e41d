"""Run every benchmark: ``make bench``. Each prints its figures beside a baseline measured in the same run, on a
throw-away test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection  # noqa: E402

from bench import regions  # noqa: E402

BENCHMARKS = [regions]

if __name__ == "__main__":
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        for benchmark in BENCHMARKS:
            benchmark.run()
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
