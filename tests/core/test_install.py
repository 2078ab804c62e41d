"""The lock files install exactly what pyproject.toml asks for: a dependency added or re-ranged without `make lock`
fails here instead of on the next machine."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {canonicalize_name(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", text, re.MULTILINE)}


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("lock.txt", PYPROJECT["dependencies"]),
        ("dev-lock.txt", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    pins = _pins(lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements/{lock}: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{lock} pins {requirement.name}=={pins[name]} outside {requirement.specifier}: run make lock"
        )


def test_the_dev_lock_agrees_with_the_production_lock():
    production, dev = _pins("lock.txt"), _pins("dev-lock.txt")
    assert {name: dev[name] for name in production} == production


def test_every_range_stays_within_one_major_version():
    for line in PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]:
        specifier = Requirement(line).specifier
        lower = next(s.version for s in specifier if s.operator == ">=")
        upper = next(s.version for s in specifier if s.operator == "<")
        assert Version(upper) <= Version(f"{Version(lower).major + 1}"), f"{line}: the range spans two major versions"
