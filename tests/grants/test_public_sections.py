"""The grants section of the organizations public directory is registered at start-up, and a broken hook fails loudly
instead of silently dropping the section."""

import sys

import pytest

from grants.public_sections import register_public_sections
from grants.selectors import organization_public_section
from organizations import public


def test_grants_section_is_registered_at_start_up():
    assert organization_public_section in public._providers


def test_a_missing_directory_hook_fails_loudly(monkeypatch):
    monkeypatch.setitem(sys.modules, "organizations.public", None)  # makes the import raise ImportError
    with pytest.raises(ImportError):
        register_public_sections()
