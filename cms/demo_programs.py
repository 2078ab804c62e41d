"""Demo pages for calls and brand programs under the home page. Idempotent (pages are found by slug)."""

from programs.models import Call, CallStatus

from .models import HomePage
from .program_pages import BrandProgramIndexPage, BrandProgramPage, CallIndexPage, CallPage


def _child(parent, model, *, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_program_pages(*, programs: dict | None) -> None:
    home = HomePage.objects.first()
    if home is None or not programs:
        return
    calls_index = _child(
        home, CallIndexPage, slug="calls", title="申报指南", intro="各级民政部门发布的儿童福利服务项目申报指南。"
    )
    # Every published call (also the earlier years' calls the grants demo adds) is published on the site, as
    # call_publish would have done.
    for call in Call.objects.filter(status=CallStatus.PUBLISHED, pages__isnull=True).order_by("pk"):
        _child(
            calls_index,
            CallPage,
            slug=f"call-{call.pk}",
            title=call.title,
            call=call,
            search_description=call.summary,
            body="<p>申报单位请在截止时间前通过本平台提交申报书，逾期不予受理。</p>",
        )
    brands_index = _child(
        home,
        BrandProgramIndexPage,
        slug="brands",
        title="品牌项目",
        intro="<p>湖北省儿童关爱服务的品牌项目：由基金会、群团组织和民政部门共同发起，长期、成体系地开展服务。</p>",
    )
    for brand in programs.get("brands", {}).values():
        _child(
            brands_index,
            BrandProgramPage,
            slug=brand.slug,
            title=brand.name,
            brand=brand,
            story=(
                "<p>项目通过政府购买服务，由专业社会工作服务机构深入社区（村）和学校，为儿童及其家庭提供"
                "监护指导、心理疏导、社会融入等服务，并由第三方机构评估服务成效、向社会公开结果。</p>"
            ),
        )
