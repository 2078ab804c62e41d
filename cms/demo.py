"""Demo pages of the public site. Idempotent."""

from .demo_news import seed_news_and_policies
from .demo_programs import seed_program_pages
from .models import HomePage


def seed_pages(*, programs: dict | None = None) -> None:
    home = HomePage.objects.first()
    if home is not None and not home.body:
        home.body = (
            "<p>湖北省各级民政部门通过本平台向社会组织购买儿童福利服务：发布项目申报指南，组织专家评审，"
            "签订服务合同，按服务节点拨付资金，并由第三方机构评估服务成效。所有立项项目、资金和评估结果向社会公开。</p>"
        )
        home.save_revision().publish()
    seed_program_pages(programs=programs)
    seed_news_and_policies()
