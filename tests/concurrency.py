"""Running service calls at the same moment, each in its own thread and database connection (PostgreSQL tests)."""

import threading

from django.db import connection


def run_together(functions) -> list[tuple[str, object]]:
    """Start every function at one barrier; return ("ok", result) or ("error", exception) for each, in order."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def runner(index, function):
        try:
            barrier.wait()
            results[index] = ("ok", function())
        except Exception as error:  # collected and asserted on by the test
            results[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
