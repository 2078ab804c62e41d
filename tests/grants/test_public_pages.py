"""The public funded-projects page as a citizen sees it: what the programme adds up to, where each project serves."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import make_grant, region

pytestmark = pytest.mark.django_db


def test_public_list_shows_totals_service_regions_and_chinese_filter_labels(client, wuhan_officer, enshi_officer):
    make_grant(officer=wuhan_officer, application_kwargs={"approved_amount": Decimal("100000.50")})
    make_grant(
        officer=enshi_officer,
        application_kwargs={"region_code": "422800", "approved_amount": Decimal("20000.00")},
    )
    page = client.get(reverse("grants:public_project_list")).content.decode()
    assert "共 2 个项目，合同金额合计 120,000.50 元" in page
    assert "---------" not in page and ">全部</option>" in page
    # The service region is named, not only the issuing bureau's region.
    assert "服务区域" in page and region("420102").name in page


def test_public_list_explains_an_empty_filter_result(client, wuhan_officer):
    make_grant(officer=wuhan_officer)
    page = client.get(reverse("grants:public_project_list"), {"prefecture": region("422800").pk}).content.decode()
    assert "没有符合筛选条件的立项项目" in page
    assert "共 " not in page
