"""Hooks for the public directory. Apps above organizations (e.g. grants: "programs they deliver") register a
provider here; organizations never imports them.

    from organizations.public import register_public_section

    @register_public_section
    def delivered_programs(organization) -> list[dict]:
        return [{"title": "承接的项目", "items": [("2026 年留守儿童关爱项目", "/grants/public/12/")]}]
"""

from collections.abc import Callable

PublicSectionProvider = Callable[[object], list[dict]]
_providers: list[PublicSectionProvider] = []


def register_public_section(provider: PublicSectionProvider) -> PublicSectionProvider:
    """Register ``provider(organization) -> [{"title": str, "items": [(label, url), ...]}]``; usable as a
    decorator. Providers must return only public information."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def public_sections(organization) -> list[dict]:
    sections = []
    for provider in _providers:
        for section in provider(organization) or []:
            sections.append({"title": section.get("title", ""), "items": list(section.get("items", []))})
    return sections
