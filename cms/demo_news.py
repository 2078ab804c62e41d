"""Demo news and policy pages. Idempotent (pages are found by slug)."""

import datetime

from .demo_programs import _child
from .models import HomePage
from .news_pages import NewsIndexPage, NewsPage, PolicyIndexPage, PolicyPage

NEWS = [
    (
        "grants-2026-signed",
        "全省首批儿童关爱服务项目完成签约",
        datetime.date(2026, 10, 20),
        "湖北省民政厅",
        "武汉、宜昌、恩施等地的首批政府购买儿童关爱服务项目已完成合同签订，进入服务执行阶段。",
    ),
    (
        "evaluation-training",
        "第三方评估机构开展项目中期评估培训",
        datetime.date(2026, 9, 15),
        "湖北省民政厅",
        "评估机构就服务记录、成效指标和满意度测评的要求与承接组织进行了交流。",
    ),
    (
        "tongban-mama-expands",
        "“童伴妈妈”项目新增服务县市区",
        datetime.date(2026, 8, 3),
        "湖北省民政厅",
        "“童伴妈妈”项目在更多县市区设立村级儿童服务站点，为农村留守儿童提供陪伴和关爱。",
    ),
]

POLICIES = [
    (
        "hubei-child-welfare-plan",
        "湖北省儿童福利服务体系建设“十四五”规划",
        "湖北省民政厅、湖北省发展和改革委员会",
        "",
        datetime.date(2021, 10, 1),
        "明确“十四五”时期儿童福利服务体系建设的主要目标、六大任务和三大工程，提出培育孵化本土儿童类专业社会工作"
        "服务机构，推动社会工作在儿童福利服务体系建设中发挥专业作用。",
    ),
    (
        "mof-order-102",
        "政府购买服务管理办法",
        "财政部",
        "财政部令第102号",
        datetime.date(2020, 1, 3),
        "规定政府购买服务的购买主体、承接主体、购买内容、购买活动的实施、合同及履行和监督管理。",
    ),
]


def seed_news_and_policies() -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    news_index = _child(home, NewsIndexPage, slug="news", title="工作动态", intro="儿童福利服务购买的工作动态。")
    for slug, title, date, source, intro in NEWS:
        _child(
            news_index, NewsPage, slug=slug, title=title, date=date, source=source, intro=intro, body=f"<p>{intro}</p>"
        )
    policy_index = _child(
        home, PolicyIndexPage, slug="policies", title="政策文件", intro="政府购买儿童福利服务的法规和政策文件。"
    )
    for slug, title, authority, number, issued_on, summary in POLICIES:
        _child(
            policy_index,
            PolicyPage,
            slug=slug,
            title=title,
            issuing_authority=authority,
            document_number=number,
            issued_on=issued_on,
            summary=summary,
            body=f"<p>{summary}</p>",
        )
