from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("社会组织")

    def ready(self):
        from core.auth import register_user_annotation
        from core.roles import register_detector

        from . import portal_cards, rules  # noqa: F401  (register permission rules and portal cards)
        from .selectors import is_organization_member, membership_exists, recent_former_membership_exists

        register_detector("organization", is_organization_member)
        register_user_annotation("_is_organization_member", membership_exists)
        register_user_annotation("_recent_former_member", recent_former_membership_exists)
