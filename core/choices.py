"""Options of the filter forms' drop-downs over small reference tables (regions, brand programs, child categories,
service types), from the cache instead of a query per list page.

Every list page's filter form renders its ``<select>`` options from a queryset: three or four queries per request
that return the same rows to everyone of the same scope. ``core.filters.harden_form`` gives a model-choice field over
a registered model the options kept here: the key holds the field's queryset (its SQL, so an officer's subtree is a
key of its own), its label function, the language and a version per model that every save or delete of a row bumps
(``register``). Rows written without signals (``bulk_create`` of townships) show after ``TIMEOUT`` at the latest.
Validating a chosen value still reads the database (the field's queryset), so a stale option can never select a row
outside the queryset.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

TIMEOUT = 10 * 60
_registered: set[str] = set()


def _version_key(label: str) -> str:
    return f"choices:version:{label}"


def _bump(sender, **kwargs) -> None:
    cache.set(_version_key(sender._meta.label), uuid.uuid4().hex, None)


def register(model) -> None:
    """Cache the drop-down options over ``model``; a save or delete of one of its rows renews them."""
    _registered.add(model._meta.label)
    post_save.connect(_bump, sender=model, dispatch_uid=f"choices_save_{model._meta.label}")
    post_delete.connect(_bump, sender=model, dispatch_uid=f"choices_delete_{model._meta.label}")


def _version(label: str) -> str:
    version = cache.get(_version_key(label))
    if version is None:
        cache.add(_version_key(label), uuid.uuid4().hex, None)
        version = cache.get(_version_key(label))
    return version


def reference_rows(queryset) -> list:
    """The rows of ``queryset`` over a registered reference table, from the cache (renewed as the options are)."""
    label = queryset.model._meta.label
    if label not in _registered:
        raise ValueError(f"{label} is not a registered reference table (core.choices.register)")
    sql, params = queryset.query.sql_with_params()
    digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
    key = f"choices:rows:{label}:{_version(label)}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset)
        cache.set(key, rows, TIMEOUT)
    return rows


def cached_options(field) -> list | None:
    """The (value, label) options of a single model-choice ``field``, its empty choice first; None when its model
    is not registered or its queryset has no SQL (``none()``)."""
    queryset = field.queryset
    label = queryset.model._meta.label
    if label not in _registered:
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    version = _version(label)
    labeller = field.label_from_instance
    digest = hashlib.sha256(
        f"{sql}|{params!r}|{getattr(labeller, '__qualname__', type(field).__qualname__)}".encode()
    ).hexdigest()[:32]
    key = f"choices:{label}:{version}:{get_language()}:{digest}"
    options = cache.get(key)
    if options is None:
        options = [(obj.pk, str(labeller(obj))) for obj in queryset]
        cache.set(key, options, TIMEOUT)
    return [("", field.empty_label), *options] if field.empty_label is not None else list(options)
