"""Reads behind the officer dashboard, one module per subject. Each function takes a ``Scope`` (region and period)
and returns plain rows computed by database aggregates; a later rollup table can replace any one of them without
touching the views (the performance issue holds them to a time budget at ten million service logs)."""

from .base import Scope

__all__ = ["Scope"]
