"""The grants an organization delivers, as a section of the organizations public directory (when it offers one)."""


def register_public_sections() -> None:
    try:
        from organizations.public import register_public_section  # provided by the organizations work
    except ImportError:
        return
    from .selectors import organization_public_section

    register_public_section(organization_public_section)
