"""The world the authorization matrix (tests/test_authorization_matrix.py) requests every URL against: built once.

Every object belongs to organization A (江岸区 420102, in 武汉 420100) or to its grant, application, children and
referral; the roles are the people of the issue's list, most of whom must not reach them.
"""

from django.contrib.auth.models import Group

from core.models import Notification
from grants.models import Evaluation, EvaluationKind
from organizations.models import MemberRole
from programs.models import ApplicationStatus
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory
from tests.factories.delivery import EnrolmentFactory, ServiceLogFactory
from tests.factories.grants import approved_application, make_grant, pdf_upload
from tests.factories.organizations import AnnualStatusFactory, StaffMemberFactory, make_invitation
from tests.factories.programs import (
    ApplicationFactory,
    BrandProgramFactory,
    CallFactory,
    ReviewAssignmentFactory,
    ReviewerFactory,
)
from tests.factories.referrals import director, report

# The roles, in the order they are tried. "A" owns everything; the others must be kept out of most of it.
ROLES = (
    "anonymous",
    "admin_a",  # administrator of organization A
    "staff_a",  # staff member of organization A
    "staff_b",  # staff member of organization B (another organization, same county)
    "officer",  # program officer of 武汉 (420100): the region of A's objects
    "officer_city",  # program officer of another 市州 (恩施 422800)
    "officer_county",  # program officer of another county of 武汉 (武昌区 420106)
    "reviewer",  # reviewer assigned to A's application
    "reviewer_other",  # a reviewer assigned to nothing of A's
    "evaluator",  # third-party evaluator (assigned A's mid-term evaluation)
    "editor",  # Wagtail editor (group Editors)
    "platform",  # platform administrator (superuser)
)
# Text that only some roles may ever see, on any page: {text: roles that may}. Checked in every allowed response.
PRIVATE_APPLICATION_TITLE = "甲组织未公开申报书"
PRIVATE_CHILD_NAME = "甲童保密"
PRIVATE_REFERRED_CHILD = "乙童保密"
PRIVATE_TEXT = {
    PRIVATE_APPLICATION_TITLE: {"admin_a", "staff_a", "officer", "platform", "reviewer"},
    PRIVATE_CHILD_NAME: {"admin_a", "staff_a", "officer"},
    PRIVATE_REFERRED_CHILD: {"admin_a", "staff_a", "officer"},
}
MISSING_PK = 987654  # for the objects the world does not hold: every role must get a 404 or less


def build_world() -> tuple[dict, dict]:
    """(users by role, objects by name)."""
    org_a = OrganizationFactory(region_code="420102")
    org_b = OrganizationFactory(region_code="420102")
    admin_a = MembershipFactory(organization=org_a, role=MemberRole.ADMIN).user
    staff_membership = MembershipFactory(organization=org_a, role=MemberRole.STAFF)
    staff_b = MembershipFactory(organization=org_b, role=MemberRole.STAFF).user
    officer = OfficerFactory(region_code="420100")
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    users = {
        "anonymous": None,
        "admin_a": admin_a,
        "staff_a": staff_membership.user,
        "staff_b": staff_b,
        "officer": officer,
        "officer_city": OfficerFactory(region_code="422800"),
        "officer_county": OfficerFactory(region_code="420106"),
        "reviewer": ReviewerFactory(),
        "reviewer_other": ReviewerFactory(),
        "evaluator": UserFactory(is_evaluator=True),
        "editor": editor,
        "platform": UserFactory(is_superuser=True, is_staff=True),
    }
    brand = BrandProgramFactory()
    call = CallFactory(region_code="420100", brand_program=brand)
    application = ApplicationFactory(
        call=call, organization=org_a, status=ApplicationStatus.UNDER_REVIEW, title=PRIVATE_APPLICATION_TITLE
    )
    review = ReviewAssignmentFactory(application=application, reviewer=users["reviewer"])
    ReviewAssignmentFactory(reviewer=users["reviewer_other"])  # their own, elsewhere
    grant = make_grant(officer=officer, application=approved_application(organization=org_a))
    evaluation = Evaluation.objects.create(
        grant=grant, kind=EvaluationKind.MIDTERM, evaluator=users["evaluator"], assigned_by=officer
    )
    enrolment = EnrolmentFactory(grant=grant, name=PRIVATE_CHILD_NAME, consent_form=pdf_upload("consent.pdf"))
    log = ServiceLogFactory(grant=grant)
    invitation, token = make_invitation(organization=org_a, invited_by=admin_a)
    referral = report(director(), child_name=PRIVATE_REFERRED_CHILD)
    objects = {
        "org": org_a,
        "membership": staff_membership,
        "staff": StaffMemberFactory(organization=org_a),
        "annual": AnnualStatusFactory(organization=org_a),
        "invitation": invitation,
        "invitation_token": token,
        "brand": brand,
        "call": call,
        "application": application,
        "approved_application": grant.application,
        "review": review,
        "grant": grant,
        "milestone": grant.milestones.order_by("order").first(),
        "evaluation": evaluation,
        "beneficiary": enrolment.beneficiary,
        "enrolment": enrolment,
        "log": log,
        "referral": referral,
        "notification": Notification.objects.create(recipient=admin_a, subject="审核结果"),
    }
    return users, objects
