"""The grants an organization delivers, as a section of the organizations public directory."""


def register_public_sections() -> None:
    """Called from ``GrantsConfig.ready()``. The import is not guarded: if the directory's hook moves or breaks, the
    project must fail at start-up, not quietly lose the "承接的项目" section from every public organization page."""
    from organizations.public import register_public_section

    from .selectors import organization_public_section

    register_public_section(organization_public_section)
