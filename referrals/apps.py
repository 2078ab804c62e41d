from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("转介")

    def ready(self):
        from core.auth import register_user_annotation
        from core.roles import ROLE_LABELS, register_detector
        from delivery.services import retention as child_retention

        from . import portal_cards, retention, rules  # noqa: F401  (register permission rules and portal cards)
        from .selectors import care_worker_role, care_worker_role_subquery

        ROLE_LABELS.setdefault("child_supervisor", _("儿童督导员"))
        ROLE_LABELS.setdefault("child_director", _("儿童主任"))
        register_detector("child_supervisor", lambda user: care_worker_role(user) == "supervisor")
        register_detector("child_director", lambda user: care_worker_role(user) == "director")
        register_user_annotation("_care_worker_role", care_worker_role_subquery)
        for registry, hook in (
            (child_retention.BLOCKERS, retention.keep_children_with_open_referrals),
            (child_retention.ANONYMISERS, retention.anonymise_referrals),
            (child_retention.EXPORTERS, retention.export_referrals),
        ):
            if hook not in registry:
                registry.append(hook)
