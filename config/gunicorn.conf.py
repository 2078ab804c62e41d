"""gunicorn settings for the production profile (make serve, systemd, the container). Every value can be set in the
environment or in .env; the environment wins, as in the Django settings."""

import multiprocessing
import os
from pathlib import Path

import environ

environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)

wsgi_app = "config.wsgi:application"
# 127.0.0.1 behind nginx on the same machine; GUNICORN_BIND=0.0.0.0:8000 when the proxy is on another machine or in
# a container.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 4))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Excel imports and exports run in the request; give them time, but not forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
# Recycle workers now and then so a slow leak in a library never grows without bound.
max_requests = 1000
max_requests_jitter = 100
# Access and error logs to stdout/stderr: make serve shows them in its console, systemd in the journal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
