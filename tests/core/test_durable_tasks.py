"""Every Celery task follows core.tasks.durable_task's policy (late acknowledgement, reject on worker lost, time
limits, retries with back-off on transient errors), and the broker's visibility timeout outlasts the longest task.
The real-worker test (tests/celery_worker/test_worker_killed.py) shows the policy at work."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from core import checks as core_checks
from core.tasks import TRANSIENT_ERRORS, durable_task


def test_every_task_of_the_project_is_durable_and_fits_in_the_visibility_timeout():
    tasks = core_checks._project_tasks()
    names = {task.name for task in tasks}
    assert {"core.tasks.send_outgoing_email", "delivery.tasks.import_batch_task"} <= names
    for task in tasks:
        assert task.acks_late and task.reject_on_worker_lost, task.name
        assert 0 < task.soft_time_limit < task.time_limit, task.name
        assert OperationalError in task.autoretry_for and ConnectionError in task.autoretry_for, task.name
        assert task.retry_backoff and 0 < task.max_retries <= 10, task.name
    assert core_checks.durable_tasks(None) == []


def test_the_check_refuses_a_visibility_timeout_shorter_than_the_longest_task():
    from delivery.tasks import IMPORT_TIME_LIMIT

    with override_settings(CELERY_BROKER_TRANSPORT_OPTIONS={"visibility_timeout": IMPORT_TIME_LIMIT}):
        errors = core_checks.durable_tasks(None)
    assert [error.id for error in errors] == ["core.E003"]
    assert "delivery.tasks.import_batch_task" in errors[0].msg


def test_the_check_refuses_a_task_declared_without_the_policy(monkeypatch):
    from celery import shared_task

    @shared_task(name="tests.plain_task_without_policy")
    def plain():
        return None

    monkeypatch.setattr(core_checks, "_project_tasks", lambda: [plain])
    assert [error.id for error in core_checks.durable_tasks(None)] == ["core.E002"]


def test_a_transient_error_is_retried_then_the_task_succeeds():
    calls = []

    @durable_task(name="tests.flaky_once")
    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return "done"

    result = flaky.apply(throw=False)
    assert len(calls) == 2  # the eager retry ran the task again at once
    assert result.state == "RETRY" or result.get() == "done"


def test_a_bug_is_not_retried():
    calls = []

    @durable_task(name="tests.buggy")
    def buggy():
        calls.append(1)
        raise ValueError("a programming error")

    with pytest.raises(ValueError):
        buggy.apply().get()
    assert len(calls) == 1


def test_retries_are_bounded_and_back_off():
    @durable_task(name="tests.always_down")
    def always_down():
        raise ConnectionError

    assert always_down.max_retries == 5 and always_down.retry_backoff and always_down.retry_jitter
    assert set(TRANSIENT_ERRORS) <= set(always_down.autoretry_for)


def test_a_hard_limit_below_the_soft_one_is_refused():
    with pytest.raises(ValueError):
        durable_task(soft_time_limit=60, time_limit=30)(lambda: None)


def _project_sources():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "tests", "node_modules"} or relative.parts[0].startswith("."):
            continue
        yield relative, path.read_text()


def test_tasks_are_queued_only_after_commit():
    """Every ``.delay()`` / ``.apply_async()`` of the project is in a function that is only ever called from a
    ``transaction.on_commit`` callback (a task queued inside a transaction could run before the data it needs is
    committed, or for data that is then rolled back)."""
    import ast

    queued_in = []
    for relative, source in _project_sources():
        tree = ast.parse(source)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"delay", "apply_async"}
                ):
                    queued_in.append((relative, function.name, tree))
    assert queued_in, "no task is queued anywhere? the scan is broken"
    for relative, name, tree in queued_in:
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
        ]
        on_commit_callbacks = [
            inner
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "on_commit"
            for inner in ast.walk(node)
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == name
        ]
        assert calls, f"{relative}: {name} queues a task but is never called in its module"
        assert len(calls) == len(on_commit_callbacks), f"{relative}: {name} is called outside transaction.on_commit"
