"""Signals other apps listen to (the public site in ``cms`` publishes a page for each published call). programs never
imports its listeners; the services send these after their transaction commits, so a listener never sees a
rolled-back change and a listener's failure never undoes the service."""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with ``call`` (the Call) and ``actor`` (the officer) once a call's publication has committed.
call_published = Signal()
# Sent with ``call`` and ``actor`` once a call's cancellation has committed.
call_cancelled = Signal()


def send_on_commit(signal: Signal, *, sender, **kwargs) -> None:
    def send():
        for receiver, result in signal.send_robust(sender=sender, **kwargs):
            if isinstance(result, Exception):
                logger.error("Receiver %r of a programs signal failed", receiver, exc_info=result)

    transaction.on_commit(send)
