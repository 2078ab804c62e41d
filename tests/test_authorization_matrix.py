"""The authorization matrix (OWASP ASVS 8.2.2), built from the URL resolver.

Every URL pattern of the project must have a rule in ``RULES`` (a view added without one fails
``test_every_url_has_an_authorization_rule``). For every pattern, every role of ``tests/authorization_world.ROLES``
and both GET and POST, ``test_authorization_matrix`` requests the URL with objects that belong to organization A and
its grant, application, children and referral, and asserts that each role not named in the rule is refused — 403,
404, 405, or a redirect to the login page — and that nothing changed (row counts of the key tables, the audit log,
and the states of A's objects, before and after). Roles named in the rule may use the page: their GET must not fail
with a server error nor show private text of A's they may not see (an unpublished application's title, children's
names: ``PRIVATE_TEXT``, so that a list open to every officer shows another region's nothing); their POST is not
sent (it would act for real; the services' own tests cover it).

Adding a rule is one line: ``"app:url_name": R("object", get=ROLES_ALLOWED, post=ROLES_ALLOWED)``, where "object"
names what ``<pk>`` stands for (a key of ``authorization_world.build_world``'s objects; ``None``: a missing pk).

Built once, in one test function (a world of ~100 rows, one logged-in client per role), so the ~3,500 requests run
in well under a minute.
"""

import logging
import re
import sys
import time
from dataclasses import dataclass, field

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.authorization_world import MISSING_PK, PRIVATE_TEXT, ROLES, build_world

# Prefixes with protection of their own, not part of this matrix (docs/security.md, "Object-level authorization"):
SKIPPED_PREFIXES = (
    "django-admin/",  # Django admin: staff only, its own model permissions, two-factor (tests/core/test_two_factor.py)
    "cms-admin/",  # Wagtail admin: Wagtail's permissions on pages, snippets, images, documents
    "documents/",  # Wagtail documents: collection privacy
    "_util/",  # Wagtail page-privacy password and login forms
    "static/",  # static files (DEBUG only)
    "media/",  # public media (DEBUG only); private files are served by views in this matrix
)
SKIPPED_NAMES = ("wagtail_serve",)  # the public site's pages: Wagtail page privacy

# Role sets
ALL = frozenset(ROLES)
NOBODY = frozenset()
SIGNED_IN = ALL - {"anonymous"}
ORG_A = frozenset({"admin_a", "staff_a"})
ADMIN_A = frozenset({"admin_a"})
MEMBERS = frozenset({"admin_a", "staff_a", "staff_b"})  # a member of some organization (their own pages)
OFFICER = frozenset({"officer"})  # the officer whose region holds A's objects
OFFICERS = frozenset({"officer", "officer_city", "officer_county"})  # any officer (lists filtered to their region)
PLATFORM = frozenset({"platform"})
REVIEWERS = frozenset({"reviewer", "reviewer_other"})
REVIEWER = frozenset({"reviewer"})  # the reviewer assigned to A's application
EVALUATOR = frozenset({"evaluator"})  # the evaluator assigned to A's grant
GRANT_READERS = ORG_A | OFFICER | PLATFORM | EVALUATOR


@dataclass(frozen=True)
class R:
    """What ``<pk>`` stands for, which roles may GET and POST; ``path`` replaces the route; ``kw`` sets other
    parameters of the route."""

    obj: str | None = None
    get: frozenset = NOBODY
    post: frozenset = NOBODY
    path: str | None = None
    kw: dict = field(default_factory=dict)


# fmt: off
RULES: dict[str, R] = {
    "account_security": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "audit_list": R(None, get=OFFICERS | PLATFORM, post=OFFICERS | PLATFORM),  # own region; platform admins all
    "api:calls": R(None, get=ALL, post=NOBODY),  # open data: read-only, POST is 405
    "api:docs": R(None, get=ALL, post=NOBODY),
    "api:fields": R(None, get=ALL, post=NOBODY),
    "api:grants": R(None, get=ALL, post=NOBODY),
    "api:organizations": R(None, get=ALL, post=NOBODY),
    "api:schema": R(None, get=ALL, post=NOBODY),
    "api:stats": R(None, get=ALL, post=NOBODY),
    "api:stats_brand": R(None, get=ALL, post=NOBODY),
    "api:stats_category": R(None, get=ALL, post=NOBODY),
    "api:stats_county": R(None, get=ALL, post=NOBODY),
    "api:stats_funding_source": R(None, get=ALL, post=NOBODY),
    "api:stats_region": R(None, get=ALL, post=NOBODY),
    "api:stats_year": R(None, get=ALL, post=NOBODY),
    "dashboard:index": R(None, get=OFFICERS, post=OFFICERS),
    "delivery:child_add": R(None, get=ORG_A, post=ORG_A),
    "delivery:child_edit": R("enrolment", get=ORG_A, post=ORG_A),
    "delivery:child_file": R("beneficiary", get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "delivery:child_list": R(None, get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "delivery:consent_download": R("enrolment", get=ORG_A, post=ORG_A),  # not even the officer
    "delivery:guardian_child": R("beneficiary", get=OFFICER, post=OFFICER),  # the officer covering the child's county
    "delivery:guardian_delete": R("beneficiary", get=NOBODY, post=OFFICER),
    "delivery:guardian_export": R("beneficiary", get=OFFICER, post=OFFICER),
    "delivery:guardian_find": R(None, get=OFFICERS, post=OFFICERS),
    "delivery:grant_overview": R(None, get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "delivery:log_add": R(None, get=ORG_A, post=ORG_A),
    "delivery:log_delete": R("log", get=NOBODY, post=ORG_A),
    "delivery:log_list": R(None, get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "delivery:measurement_add": R(None, get=NOBODY, post=ORG_A),
    "delivery:measurement_list": R(None, get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "delivery_imports:error_download": R(None, get=NOBODY, post=NOBODY),
    "delivery_imports:import_detail": R(None, get=NOBODY, post=NOBODY),
    "delivery_imports:import_list": R(None, get=ORG_A, post=ORG_A),
    "delivery_imports:import_progress": R(None, get=NOBODY, post=NOBODY),
    "delivery_imports:import_start": R(None, get=NOBODY, post=NOBODY),
    "delivery_imports:template_download": R(None, get=NOBODY, post=NOBODY),
    "grants:evaluation_assign": R("grant", get=OFFICER, post=OFFICER),
    "grants:evaluation_detail": R("evaluation", get=OFFICER | PLATFORM | EVALUATOR, post=EVALUATOR),
    "grants:evaluation_list": R(None, get=EVALUATOR, post=EVALUATOR),
    "grants:evaluation_publish": R("evaluation", get=NOBODY, post=OFFICER),
    "grants:evaluation_report": R("evaluation", get=NOBODY, post=NOBODY),
    "grants:evidence_download": R(None, get=NOBODY, post=NOBODY),
    "grants:grant_contract": R("grant", get=GRANT_READERS, post=GRANT_READERS),
    "grants:grant_create": R(None, get=OFFICER, post=OFFICER),
    "grants:grant_detail": R("grant", get=GRANT_READERS, post=GRANT_READERS),
    "grants:grant_export": R(None, get=OFFICERS | PLATFORM, post=OFFICERS | PLATFORM),
    "grants:grant_list": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "grants:grant_status": R("grant", get=OFFICER, post=OFFICER),
    "grants:milestone_detail": R("milestone", get=GRANT_READERS, post=GRANT_READERS),
    "grants:milestone_queue": R(None, get=OFFICERS, post=OFFICERS),
    "grants:milestone_release": R("milestone", get=NOBODY, post=OFFICER),
    "grants:milestone_review": R("milestone", get=NOBODY, post=OFFICER),
    "grants:milestone_schedule": R("milestone", get=OFFICER, post=OFFICER),
    "grants:milestone_submit": R("milestone", get=NOBODY, post=ORG_A),
    "grants:overdue_list": R(None, get=OFFICERS, post=OFFICERS),
    "grants:payment_list": R(None, get=OFFICERS, post=OFFICERS),
    "grants:public_evaluation_list": R(None, get=ALL, post=ALL),
    "grants:public_project_detail": R("grant", get=ALL, post=ALL),
    "grants:public_project_export_csv": R(None, get=ALL, post=ALL),
    "grants:public_project_export_xlsx": R(None, get=ALL, post=ALL),
    "grants:public_project_list": R(None, get=ALL, post=ALL),
    "grants:ready_list": R(None, get=OFFICERS, post=OFFICERS),
    "healthz": R(None, get=ALL, post=NOBODY),
    "landing": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "login": R(None, get=ALL, post=ALL),
    "logout": R(None, get=NOBODY, post=ALL),
    "notification_open": R("notification", get=NOBODY, post=ADMIN_A),
    "notifications": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "notifications_read_all": R(None, get=NOBODY, post=SIGNED_IN),
    "organizations:annual_confirm": R("annual", get=NOBODY, post=OFFICER),
    "organizations:annual_evidence": R("annual", get=ORG_A | OFFICER | PLATFORM, post=ORG_A | OFFICER | PLATFORM),
    "organizations:annual_new": R("org", get=ADMIN_A, post=ADMIN_A),
    "organizations:change_role": R("org", get=NOBODY, post=ADMIN_A),
    "organizations:detail": R("org", get=ORG_A | OFFICER | PLATFORM, post=ORG_A | OFFICER | PLATFORM),
    "organizations:directory": R(None, get=ALL, post=ALL),
    "organizations:document": R("org", get=NOBODY, post=NOBODY),
    "organizations:edit": R("org", get=ADMIN_A, post=ADMIN_A),
    "organizations:incubation_detail": R(None, get=NOBODY, post=NOBODY),
    "organizations:incubation_end": R(None, get=NOBODY, post=NOBODY),
    "organizations:incubation_graduate": R(None, get=NOBODY, post=NOBODY),
    "organizations:incubation_list": R(None, get=OFFICERS, post=OFFICERS),
    "organizations:incubation_new": R("org", get=OFFICER, post=OFFICER),
    "organizations:incubation_support": R(None, get=NOBODY, post=NOBODY),
    "organizations:invitation_accept": R(None, get=NOBODY, post=NOBODY),
    "organizations:invite": R("org", get=NOBODY, post=ADMIN_A),
    "organizations:members": R("org", get=ORG_A | OFFICER | PLATFORM, post=ORG_A | OFFICER | PLATFORM),
    "organizations:mine": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "organizations:officer_export": R(None, get=OFFICERS, post=OFFICERS),
    "organizations:officer_queue": R(None, get=OFFICERS, post=OFFICERS),
    "organizations:public_detail": R("org", get=ALL, post=ALL),
    "organizations:register": R(None, get=ALL - OFFICERS, post=ALL - OFFICERS),
    "organizations:remove_member": R("org", get=NOBODY, post=ADMIN_A),
    "organizations:resend_invitation": R("org", get=NOBODY, post=ADMIN_A),
    "organizations:return": R("org", get=NOBODY, post=OFFICER),
    "organizations:revoke_invitation": R("org", get=NOBODY, post=ADMIN_A),
    "organizations:staff": R("org", get=ORG_A | OFFICER | PLATFORM, post=ORG_A | OFFICER | PLATFORM),
    "organizations:staff_delete": R("org", get=NOBODY, post=ORG_A),
    "organizations:staff_edit": R("org", get=ORG_A, post=ORG_A),
    "organizations:staff_new": R("org", get=ORG_A, post=ORG_A),
    "organizations:switch": R(None, get=NOBODY, post=NOBODY),
    "organizations:verify": R("org", get=NOBODY, post=OFFICER),
    "password_change": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "password_change_done": R(None, get=SIGNED_IN, post=NOBODY),
    "password_reset": R(None, get=ALL, post=ALL),
    "password_reset_complete": R(None, get=ALL, post=NOBODY),
    "password_reset_confirm": R(None, get=ALL, post=ALL),
    "password_reset_done": R(None, get=ALL, post=NOBODY),
    "portal": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "programs:application_detail": R("application", get=ORG_A | OFFICER | PLATFORM, post=ORG_A | OFFICER | PLATFORM),
    "programs:application_edit": R("application", get=NOBODY, post=NOBODY),
    "programs:application_start": R(None, get=MEMBERS, post=MEMBERS),
    "programs:application_submit": R("application", get=NOBODY, post=ORG_A),
    "programs:application_targets": R("application", get=NOBODY, post=NOBODY),
    "programs:application_withdraw": R("application", get=NOBODY, post=ORG_A),
    "programs:attachment_download": R("application", get=NOBODY, post=NOBODY),
    "programs:attachment_upload": R("application", get=NOBODY, post=NOBODY),
    "programs:brand_detail": R(None, get=NOBODY, post=NOBODY),
    "programs:brand_list": R(None, get=ALL, post=ALL),
    "programs:call_attachment_download": R("call", get=NOBODY, post=NOBODY),
    "programs:call_detail": R("call", get=ALL, post=ALL),
    "programs:call_list": R(None, get=ALL, post=ALL),
    "programs:my_applications": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "programs:my_reviews": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "programs:officer_application_assign": R("application", get=NOBODY, post=OFFICER),
    "programs:officer_application_decide": R("application", get=NOBODY, post=OFFICER),
    "programs:officer_application_detail": R("application", get=OFFICER, post=OFFICER),
    "programs:officer_application_pass": R("application", get=NOBODY, post=OFFICER),
    "programs:officer_application_return": R("application", get=NOBODY, post=OFFICER),
    "programs:officer_application_versions": R("application", get=OFFICER, post=OFFICER),
    "programs:officer_applications": R(None, get=OFFICERS, post=OFFICERS),
    "programs:officer_call_attach": R("call", get=NOBODY, post=OFFICER),
    "programs:officer_call_cancel": R("call", get=NOBODY, post=OFFICER),
    "programs:officer_call_create": R(None, get=OFFICERS, post=OFFICERS),
    "programs:officer_call_detail": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_call_edit": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_call_export": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_call_funding": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_call_indicators": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_call_publish": R("call", get=NOBODY, post=OFFICER),
    "programs:officer_call_ranking": R("call", get=OFFICER, post=OFFICER),
    "programs:officer_calls": R(None, get=OFFICERS, post=OFFICERS),
    "programs:officer_notice_publish": R("call", get=NOBODY, post=OFFICER),
    "programs:review_declare": R("review", get=NOBODY, post=REVIEWER),
    "programs:review_decline": R("review", get=NOBODY, post=REVIEWER),
    "programs:review_detail": R("review", get=REVIEWER, post=REVIEWER),
    "programs:review_submit": R("review", get=NOBODY, post=REVIEWER),
    "readyz": R(None, get=ALL, post=NOBODY),
    "reauth_confirm": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "referrals:accept": R("referral", get=NOBODY, post=ORG_A),
    "referrals:activate": R(None, get=ALL, post=ALL),
    "referrals:activate_link": R(None, get=NOBODY, post=NOBODY),
    "referrals:assign": R("referral", get=NOBODY, post=OFFICER),
    "referrals:close": R("referral", get=NOBODY, post=OFFICER),
    "referrals:home": R(None, get=ORG_A | OFFICERS | {"staff_b"}, post=ORG_A | OFFICERS | {"staff_b"}),
    "referrals:hotline": R(None, get=NOBODY, post=OFFICERS),
    "referrals:inbox": R(None, get=MEMBERS, post=MEMBERS),
    "referrals:officer_overview": R(None, get=OFFICERS, post=OFFICERS),
    "referrals:referral_detail": R("referral", get=ORG_A | OFFICER, post=ORG_A | OFFICER),
    "referrals:reissue": R(None, get=NOBODY, post=NOBODY),
    "referrals:report": R(None, get=NOBODY, post=NOBODY),
    "referrals:return": R("referral", get=NOBODY, post=ORG_A),
    "referrals:workers": R(None, get=OFFICERS, post=OFFICERS),
    "referrals:workers_template": R(None, get=OFFICER, post=OFFICER),
    "session_end": R(None, get=NOBODY, post=SIGNED_IN),
    "sessions_end_others": R(None, get=NOBODY, post=SIGNED_IN),
    "set_language": R(None, get=ALL, post=ALL),
    "survey_answer": R(None, get=ALL, post=ALL),  # anonymous by design; an unknown token is a 410 page
    "surveys:call_questions": R("call", get=OFFICER, post=OFFICER),
    "surveys:grant_results": R("grant", get=OFFICER | PLATFORM | EVALUATOR, post=OFFICER | PLATFORM | EVALUATOR),
    "surveys:grant_surveys": R("grant", get=GRANT_READERS, post=ORG_A | OFFICER),
    "surveys:sheet_print": R(None, get=NOBODY, post=NOBODY),
    "switch_language": R(None, get=ALL, post=NOBODY),
    "two_factor_backup_codes": R(None, get=NOBODY, post=SIGNED_IN),
    "two_factor_disable": R(None, get=NOBODY, post=SIGNED_IN),
    "two_factor_enrol": R(None, get=SIGNED_IN, post=SIGNED_IN),
    "two_factor_verify": R(None, get=SIGNED_IN, post=SIGNED_IN),
}
# fmt: on

# Values of the other route parameters, unless a rule's ``kw`` says otherwise ({name: object key or literal}).
PARAMETERS = {
    "grant_pk": "grant",
    "call_pk": "call",
    "application_pk": "approved_application",
    "membership_pk": "membership",
    "invitation_pk": "invitation",
    "staff_pk": "staff",
    "attachment_pk": None,
    "page_view_restriction_id": None,
    "page_id": None,
    "restriction_id": None,
}
LITERALS = {
    "kind": "registration",
    "token": "not-a-valid-token",
    "uidb64": "MQ",
    "code": "en",
    "slug": "no-such-brand",
    "action": "suspend",
    "county_code": "420102",
}
REFUSED = {403, 404, 405}
LOGIN = "/accounts/login/"
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(key, route) of every URL pattern of the project, recursively: key is the namespaced name, or the route
    for a pattern without a name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield (name or route), route


def checked_patterns() -> dict[str, str]:
    """{key: route} of the patterns this matrix covers (the first route of a name: a later one is shadowed)."""
    found: dict[str, str] = {}
    for key, route in url_patterns():
        if route.startswith(SKIPPED_PREFIXES) or key in SKIPPED_NAMES:
            continue
        found.setdefault(key, route)
    return found


def test_every_url_has_an_authorization_rule():
    missing = sorted(key for key in checked_patterns() if key not in RULES)
    assert not missing, (
        "new view without an authorization rule: add a line to RULES in tests/test_authorization_matrix.py "
        f"for each of {missing}"
    )
    stale = sorted(set(RULES) - set(checked_patterns()))
    assert not stale, f"rules for URLs that no longer exist: {stale}"


def _path(route: str, rule: R, objects: dict) -> str:
    if rule.path:
        return rule.path

    def value(match):
        name = match.group("name")
        if name in rule.kw:
            wanted = rule.kw[name]
        elif name == "pk":
            wanted = rule.obj
        elif name in PARAMETERS:
            wanted = PARAMETERS[name]
        else:
            return LITERALS[name]
        if wanted is None:
            return str(MISSING_PK)
        found = objects.get(wanted, wanted)
        return str(getattr(found, "pk", found))

    return "/" + CONVERTER.sub(value, route)


def _snapshot(objects: dict) -> tuple:
    """Row counts of the key tables and the states of A's objects."""
    from core.models import AuditEvent, Notification, OutgoingEmail
    from delivery.models import Beneficiary, Enrolment, ServiceLog
    from grants.models import Evaluation, Grant, Milestone, MilestoneEvidence, Payment
    from organizations.models import AnnualStatus, Invitation, Membership, Organization, StaffMember
    from programs.models import Application, Call, ReviewAssignment
    from referrals.models import Referral

    models = (
        AuditEvent, Notification, OutgoingEmail, Organization, Membership, Invitation, StaffMember, AnnualStatus,
        Call, Application, ReviewAssignment, Grant, Milestone, MilestoneEvidence, Payment, Evaluation, Beneficiary,
        Enrolment, ServiceLog, Referral,
    )  # fmt: skip
    counts = tuple(model.objects.count() for model in models)
    states = (
        tuple(Application.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Grant.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Milestone.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Evaluation.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Referral.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Organization.objects.order_by("pk").values_list("verification_status", flat=True)),
        tuple(Membership.objects.order_by("pk").values_list("role", flat=True)),
        tuple(Call.objects.order_by("pk").values_list("status", flat=True)),
    )
    return counts, states


def _leaks(response, role: str) -> list[str]:
    """Private text of A's (an unpublished application, a child's name) that ``role`` may not see but got."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not (content_type.startswith("text/") or "json" in content_type):
        return []
    body = response.content.decode(errors="replace")
    return [text for text, viewers in PRIVATE_TEXT.items() if role not in viewers and text in body]


def _refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    return response.status_code == 302 and response.headers.get("Location", "").startswith(LOGIN)


def test_authorization_matrix(django_db_setup, db, capsys, settings):
    # Every client comes from one address: the open data API's per-address throttle would answer 429 before the view.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.anonymous": "100000/m"}
    users, objects = build_world()
    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if users[role] is not None:
            clients[role].force_login(users[role])
    patterns = checked_patterns()
    problems, cases = [], 0
    logging.disable(logging.WARNING)  # thousands of "Forbidden"/"Not Found" warnings, by design
    try:
        cases = _run(patterns, clients, objects, problems)
    finally:
        logging.disable(logging.NOTSET)
    with capsys.disabled():
        print(f"\nauthorization matrix: {cases} cases (URL × role × method) over {len(patterns)} URL patterns")
    assert not problems, "\n".join(problems)


def _run(patterns: dict, clients: dict, objects: dict, problems: list) -> int:
    cases, seconds = 0, {}
    for key, route in sorted(patterns.items()):
        rule = RULES.get(key)
        if rule is None:
            continue  # reported by test_every_url_has_an_authorization_rule
        path = _path(route, rule, objects)
        started = time.process_time()
        before = _snapshot(objects)
        for method, allowed in (("get", rule.get), ("post", rule.post)):
            for role in ROLES:
                if role in allowed:
                    continue
                cases += 1
                response = getattr(clients[role], method)(path)
                if not _refused(response):
                    where = response.headers.get("Location", "")
                    problems.append(f"{key} {method.upper()} {path} as {role}: {response.status_code} {where}")
        if _snapshot(objects) != before:
            problems.append(f"{key} {path}: a refused request changed data")
        for role in sorted(rule.get):
            cases += 1
            response = clients[role].get(path)
            if response.status_code >= 500:
                problems.append(f"{key} GET {path} as {role} (allowed): {response.status_code}")
            problems += [f"{key} GET {path} as {role} shows {text!r}" for text in _leaks(response, role)]
        seconds[key] = time.process_time() - started
    slowest = sorted(seconds.items(), key=lambda item: -item[1])[:5]
    print("slowest URLs (CPU seconds):", ", ".join(f"{key} {spent:.2f}" for key, spent in slowest), file=sys.stderr)
    return cases
