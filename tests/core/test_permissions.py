import pytest
from django.contrib.auth.models import AnonymousUser

from core.permissions import Denied, NotVisible, check, officer_covers, require
from core.roles import roles_for
from tests.factories import MembershipFactory, OfficerFactory, OrganizationFactory, UserFactory, region


@pytest.mark.parametrize(
    ("officer_region", "target_region", "covers"),
    [
        ("420000", "420102", True),  # province sees every county
        ("420100", "420102", True),  # Wuhan sees its district
        ("420100", "420100", True),
        ("420100", "422800", False),  # Wuhan does not see Enshi
        ("420102", "420100", False),  # a county does not see its prefecture
        ("420102", "420103", False),  # nor a sibling county
        ("429004", "429004", True),  # a directly administered unit sees itself
    ],
)
def test_officer_sees_their_region_subtree_only(db, officer_region, target_region, covers):
    officer = OfficerFactory(region_code=officer_region)
    assert officer_covers(officer, region(target_region)) is covers


def test_inactive_scope_or_plain_user_covers_nothing(db):
    officer = OfficerFactory(region_code="420000")
    officer.officer_scope.is_active = False
    officer.officer_scope.save()
    officer.refresh_from_db()
    assert not officer_covers(officer, region("420102"))
    assert not officer_covers(UserFactory(), region("420102"))
    assert not officer_covers(AnonymousUser(), region("420102"))


def test_roles_are_detected_for_each_kind_of_user(db):
    assert roles_for(OfficerFactory()) == ["officer"]
    assert roles_for(UserFactory(is_reviewer=True)) == ["reviewer"]
    assert roles_for(UserFactory(is_evaluator=True)) == ["evaluator"]
    assert roles_for(MembershipFactory().user) == ["organization"]
    assert "platform_admin" in roles_for(UserFactory(is_superuser=True))
    assert roles_for(AnonymousUser()) == []


@pytest.fixture
def jiangan_org(db):
    return OrganizationFactory(region_code="420102")


@pytest.mark.parametrize(
    ("who", "action", "expected"),
    [
        ("wuhan_officer", "organizations.view", "allow"),
        ("wuhan_officer", "organizations.verify", "allow"),
        ("enshi_officer", "organizations.view", "hidden"),
        ("enshi_officer", "organizations.verify", "hidden"),
        ("admin_member", "organizations.view", "allow"),
        ("admin_member", "organizations.edit_profile", "allow"),
        ("admin_member", "organizations.verify", "denied"),
        ("staff_member", "organizations.edit_profile", "denied"),
        ("stranger", "organizations.view", "hidden"),
        ("anonymous", "organizations.view", "denied"),
    ],
)
def test_organization_permission_matrix(db, jiangan_org, who, action, expected):
    users = {
        "wuhan_officer": lambda: OfficerFactory(region_code="420100"),
        "enshi_officer": lambda: OfficerFactory(region_code="422800"),
        "admin_member": lambda: MembershipFactory(organization=jiangan_org, role="admin").user,
        "staff_member": lambda: MembershipFactory(organization=jiangan_org, role="staff").user,
        "stranger": UserFactory,
        "anonymous": AnonymousUser,
    }
    decision = check(users[who](), action, jiangan_org)
    outcome = "allow" if decision.allowed else ("hidden" if decision.hidden else "denied")
    assert outcome == expected
    if not decision.allowed:
        assert decision.reason  # every refusal says why


def test_require_raises_404_for_hidden_and_403_with_the_reason_otherwise(db, jiangan_org):
    with pytest.raises(NotVisible):
        require(OfficerFactory(region_code="422800"), "organizations.view", jiangan_org)
    staff = MembershipFactory(organization=jiangan_org, role="staff").user
    with pytest.raises(Denied, match="管理员"):
        require(staff, "organizations.edit_profile", jiangan_org)


def test_unknown_action_is_a_programming_error(db):
    with pytest.raises(ValueError, match="no permission rule"):
        check(UserFactory(), "no.such.action")
