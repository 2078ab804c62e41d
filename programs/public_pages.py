"""Where the public site publishes programs' index pages. The public site (``cms``) registers a finder for each kind
in its ``ready()``; programs never imports it. The programs URLs stay the stable links (navigation, e-mails) and send
visitors on to the public site's page when there is one, so calls have one public place."""

from collections.abc import Callable

CALL_INDEX = "call_index"

_finders: dict[str, Callable[[], str | None]] = {}


def register(kind: str, finder: Callable[[], str | None]) -> None:
    _finders[kind] = finder


def url(kind: str) -> str | None:
    """The URL of the live public page of ``kind``, or None (programs then serves its own page)."""
    finder = _finders.get(kind)
    return finder() if finder else None
