"""Celery beat runs once across machines: a second beat refuses to start while the first holds the lock."""

import pytest
from redis.exceptions import LockNotOwnedError

from config import beat
from config.celery import app


class FakeLock:
    """redis-py's Lock as beat uses it, over one shared dict standing in for Redis."""

    def __init__(self, redis: dict, owner: str):
        self.redis, self.owner = redis, owner

    def acquire(self):
        if beat.LOCK_KEY in self.redis:
            return False
        self.redis[beat.LOCK_KEY] = self.owner
        return True

    def reacquire(self):
        if self.redis.get(beat.LOCK_KEY) != self.owner:
            raise LockNotOwnedError("not owned")

    def release(self):
        if self.redis.get(beat.LOCK_KEY) != self.owner:
            raise LockNotOwnedError("not owned")
        del self.redis[beat.LOCK_KEY]


@pytest.fixture
def redis(monkeypatch):
    shared: dict = {}
    owners = iter(["first", "second", "third"])
    monkeypatch.setattr(beat, "_redis_lock", lambda: FakeLock(shared, next(owners)))
    return shared


def _scheduler(tmp_path, name):
    return beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / name))


def test_a_second_beat_refuses_to_start_while_the_first_runs(redis, tmp_path, caplog):
    first = _scheduler(tmp_path, "a")
    with pytest.raises(beat.AnotherBeatIsRunning, match="one machine only"):
        _scheduler(tmp_path, "b")
    first.close()
    first.close()  # beat closes its scheduler twice on shutdown: the second time must not fail
    # Once the first has stopped (or its lock expired) another machine's beat may take over.
    _scheduler(tmp_path, "c").close()
    assert redis == {}
    assert "could not release" not in caplog.text


def test_a_beat_that_lost_its_lock_to_another_stops(redis, tmp_path):
    first = _scheduler(tmp_path, "a")
    redis[beat.LOCK_KEY] = "someone else"  # the lock expired while this beat was stalled, and another took it
    with pytest.raises(beat.AnotherBeatIsRunning):
        first._renew_lock()


def test_a_beat_whose_lock_expired_takes_it_again(redis, tmp_path):
    first = _scheduler(tmp_path, "a")
    redis.clear()  # Redis restarted
    first._renew_lock()
    assert redis == {beat.LOCK_KEY: "first"}


def test_the_banner_scheduler_takes_no_lock(redis, tmp_path):
    # celery beat builds a lazy scheduler only to print its start-up banner, and never closes it.
    beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "banner"), lazy=True)
    first = _scheduler(tmp_path, "a")
    assert redis == {beat.LOCK_KEY: "first"} and first


def test_beat_uses_the_single_beat_scheduler(settings):
    assert settings.CELERY_BEAT_SCHEDULER == "config.beat:SingleBeatScheduler"
    assert 3 * settings.CELERY_BEAT_MAX_LOOP_INTERVAL <= beat.LOCK_TIMEOUT
