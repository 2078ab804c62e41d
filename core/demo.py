"""Demo accounts of the platform's own roles. Idempotent: running it again changes nothing."""

from django.contrib.auth.models import Group

from .models import OfficerScope, Region, User

DEMO_PASSWORD = "guanai-demo-2026"

OFFICERS = [
    # username, name, region code, bureau
    ("officer_hubei", "省厅 王敏", "420000", "湖北省民政厅儿童福利处"),
    ("officer_hubei2", "省厅 李强（复核）", "420000", "湖北省民政厅儿童福利处"),
    ("officer_wuhan", "武汉 陈静", "420100", "武汉市民政局"),
    ("officer_wuhan2", "武汉 赵磊（复核）", "420100", "武汉市民政局"),
    ("officer_jiangan", "江岸 刘洋", "420102", "武汉市江岸区民政局"),
    ("officer_enshi", "恩施 向红", "422800", "恩施州民政局"),
]
REVIEWERS = [("reviewer_zhang", "张教授（华中师范大学）"), ("reviewer_huang", "黄老师（湖北省社工协会）")]
EVALUATORS = [("evaluator_li", "李评估（楚天第三方评估中心）", "楚天第三方评估中心")]
EDITORS = [("editor_wu", "吴编辑")]


def demo_user(username: str, *, name: str, email: str | None = None, **flags) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"name": name, "email": email or f"{username}@demo.guanai.example", **flags}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_platform_users() -> dict[str, User]:
    users = {}
    admin = demo_user("admin", name="平台管理员", is_staff=True, is_superuser=True)
    users["admin"] = admin
    for username, name, code, bureau in OFFICERS:
        user = demo_user(username, name=name)
        OfficerScope.objects.get_or_create(
            user=user, defaults={"region": Region.objects.get(code=code), "bureau": bureau}
        )
        users[username] = user
    for username, name in REVIEWERS:
        users[username] = demo_user(username, name=name, is_reviewer=True)
    for username, name, agency in EVALUATORS:
        users[username] = demo_user(username, name=name, is_evaluator=True, evaluator_agency=agency)
    editors = Group.objects.filter(name="Editors").first()
    for username, name in EDITORS:
        user = demo_user(username, name=name)
        if editors is not None:
            user.groups.add(editors)
        users[username] = user
    return users
