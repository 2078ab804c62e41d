"""The lifecycle's steps, each a method that acts as one person in a browser and takes a screenshot."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from core.validators import credit_code_check_char

from .files import pdf
from .server import let_notice_period_pass
from .site import Site
from .workbook import fill_service_logs

SHANGHAI = ZoneInfo("Asia/Shanghai")
REVIEWERS = {"reviewer_zhang": "张教授", "reviewer_huang": "黄老师"}
ORG_PASSWORD = "E2e-Guanai-2026!"


def select_text(page, selector: str, text: str):
    """Choose the option whose visible text (indentation stripped) is ``text``."""
    value = page.eval_on_selector(
        selector,
        "(el, text) => [...el.options].find(o => o.textContent.trim() === text)?.value",
        text,
    )
    assert value, f"no option {text!r} in {selector}"
    page.select_option(selector, value)


def pick_region(page, field_id: str, group: str, name: str):
    """The region picker: open the 市州 group and tick the county."""
    picker = page.locator(f"#{field_id}")
    picker.locator("summary", has_text=group).first.click()
    picker.locator("label", has_text=name).first.locator("input").check()


class Lifecycle:
    def __init__(self, *, browser, base_url: str, shots: Path, tmp: Path, stamp: str):
        self.browser, self.base_url, self.shots, self.tmp, self.stamp = browser, base_url, shots, tmp, stamp
        self.sites: dict[str, Site] = {}
        self.org_user = f"e2e_org_{stamp}"
        self.org_name = f"江岸区E2E儿童关爱服务中心{stamp[-6:]}"
        self.call_title = f"E2E困境儿童关爱服务项目{stamp[-6:]}"
        self.project_title = f"E2E社区儿童之家陪伴计划{stamp[-6:]}"

    def close(self):
        for site in self.sites.values():
            site.close()

    def script_errors(self) -> dict[str, list[str]]:
        """Uncaught JavaScript errors per person (a Content-Security-Policy block of our own script shows here)."""
        return {name: site.errors for name, site in self.sites.items() if site.errors}

    def as_(self, username: str, *, phone: bool = False, password: str | None = None) -> Site:
        """The browser of ``username``, signed in on first use."""
        if username not in self.sites:
            site = Site(self.browser, self.base_url, self.shots, phone=phone, name=username)
            if password:
                site.login(username, password)
            else:
                site.login(username)
            self.sites[username] = site
        return self.sites[username]

    # ---- 1. registration and verification ------------------------------------------------------------------------
    def organization_registers(self):
        site = Site(self.browser, self.base_url, self.shots, phone=True, name=self.org_user)
        self.sites[self.org_user] = site
        page = site.page
        site.go("/organizations/register/")
        page.fill("input[name=account-username]", self.org_user)
        page.fill("input[name=account-name]", "王小明")
        page.fill("input[name=account-email]", f"{self.org_user}@example.org")
        page.fill("input[name=account-phone]", "13800138000")
        page.fill("input[name=account-password1]", ORG_PASSWORD)
        page.fill("input[name=account-password2]", ORG_PASSWORD)
        page.fill("input[name=name]", self.org_name)
        first17 = f"52420102MJ{int(self.stamp) % 10_000_000:07d}"
        page.fill("input[name=credit_code]", first17 + credit_code_check_char(first17))
        page.select_option("select[name=org_type]", "social_service_agency")
        select_text(page, "select[name=registration_region]", "江岸区")
        page.fill("input[name=registered_on]", "2019-03-01")
        page.fill("input[name=legal_representative]", "李华")
        page.fill("input[name=address]", "武汉市江岸区大智路1号")
        page.fill("input[name=contact_phone]", "027-82800000")
        page.fill("input[name=contact_email]", f"contact{self.stamp}@example.org")
        page.fill("textarea[name=introduction]", "E2E 测试机构：为江岸区留守和困境儿童提供陪伴与心理支持。")
        pick_region(page, "id_service_regions", "武汉市", "江岸区")
        page.locator("input[name=child_categories]").first.check()
        page.locator("input[name=service_types]").nth(0).check()
        page.locator("input[name=service_types]").nth(1).check()
        page.select_option("select[name=rating]", "3A")
        page.fill("input[name=rating_expires_on]", "2029-12-31")
        page.set_input_files("input[name=registration_certificate]", pdf(self.tmp, "registration.pdf"))
        page.set_input_files("input[name=rating_certificate]", pdf(self.tmp, "rating.pdf"))
        site.shot("org-register-form")
        site.submit("main form")
        expect(page.locator("body")).to_contain_text(self.org_name)
        site.second_factor(self.org_user)
        site.shot("org-registered")

    def officer_verifies(self):
        site = self.as_("officer_wuhan")
        page = site.page
        site.go("/organizations/officer/")
        with page.expect_navigation():
            page.get_by_role("link", name=self.org_name).first.click()
        site.shot("officer-verification-page")
        verify = page.locator("form[action$='/verify/']")
        with page.expect_navigation():
            verify.locator("button[type=submit]").click()
        site.expect_message("已认证")
        site.shot("officer-verified")

    # ---- 2. the call ---------------------------------------------------------------------------------------------
    def officer_publishes_a_call(self):
        site = self.as_("officer_wuhan")
        page = site.page
        site.go("/programs/work/calls/new/")
        page.fill("input[name=title]", self.call_title)
        select_text(page, "select[name=issuing_region]", "武汉市")
        page.fill("input[name=issuing_bureau]", "武汉市民政局")
        page.fill("textarea[name=summary]", "面向江岸区困境儿童的关爱服务（端到端测试）。")
        page.select_option("select[name=funding_source]", "welfare_lottery")
        select_text(page, "select[name=brand_program]", "童伴妈妈")
        page.fill("input[name=total_budget]", "500000")
        page.fill("input[name=per_project_cap]", "200000")
        now = datetime.datetime.now(SHANGHAI)
        page.fill("input[name=opens_at]", f"{now - datetime.timedelta(hours=1):%Y-%m-%dT%H:%M}")
        page.fill("input[name=closes_at]", f"{now + datetime.timedelta(days=20):%Y-%m-%dT%H:%M}")
        page.locator("input[name=child_categories]").first.check()
        page.locator("input[name=service_types]").nth(0).check()
        page.locator("input[name=service_types]").nth(1).check()
        page.locator("input[name=require_annual_status_passed]").uncheck()
        page.fill("input[name=min_reviewers]", "2")
        page.fill("input[name=notice_working_days]", "5")
        site.shot("officer-call-form")
        site.submit("main form")
        site.expect_message("申报指南已保存")
        self.call_url = page.url
        publish = page.locator("form[action$='/publish/']")
        with page.expect_navigation():
            publish.locator("button[type=submit]").click()
        site.expect_message("已发布")
        site.shot("officer-call-published")
        self.call_pk = int(self.call_url.rstrip("/").split("/")[-1])

    # ---- 3. the application --------------------------------------------------------------------------------------
    def organization_applies(self):
        site = self.sites[self.org_user]
        page = site.page
        site.go(f"/programs/calls/{self.call_pk}/")
        site.shot("org-call-page")
        site.go(f"/programs/calls/{self.call_pk}/apply/")
        page.fill("input[name=title]", self.project_title)
        site.submit("main form")
        page.fill("textarea[name=summary]", "在江岸区三个社区开展儿童之家陪伴、个案辅导和家长课堂。")
        page.fill("input[name=duration_months]", "12")
        pick_region(page, "id_service_regions", "武汉市", "江岸区")
        page.fill("input[name=planned_cases]", "20")
        page.fill("input[name=planned_groups]", "4")
        page.fill("input[name=planned_group_sessions]", "24")
        page.fill("input[name=planned_events]", "3")
        page.select_option("select[name=budget-0-category]", index=1)
        page.fill("input[name=budget-0-item]", "社工服务费")
        page.fill("input[name=budget-0-unit]", "人月")
        page.fill("input[name=budget-0-unit_price]", "6000")
        page.fill("input[name=budget-0-quantity]", "24")
        for field in page.locator("input[name^=children_], input[name^=hours_]").all():
            field.fill("20")
        site.shot("org-application-form")
        with page.expect_navigation():
            page.get_by_role("button", name="保存并提交").click()
        site.expect_message("已提交")
        site.shot("org-application-submitted")
        self.application_pk = int(page.url.rstrip("/").split("/")[-1])

    # ---- 4. screening and review ---------------------------------------------------------------------------------
    def officer_sends_to_review(self):
        site = self.as_("officer_wuhan")
        page = site.page
        site.go(f"/programs/work/applications/{self.application_pk}/")
        with page.expect_navigation():
            page.get_by_role("button", name="通过初审，进入评审").click()
        assign = page.locator("form[action$='/assign/']")
        for name in REVIEWERS.values():
            assign.locator("label", has_text=name).locator("input").check()
        site.shot("officer-assigns-reviewers")
        with page.expect_navigation():
            assign.locator("button[type=submit]").click()
        site.shot("officer-reviewers-assigned")

    def reviewers_score(self):
        for username, score_share in (("reviewer_zhang", 0.9), ("reviewer_huang", 0.8)):
            site = self.as_(username)
            page = site.page
            site.go("/programs/reviews/")
            with page.expect_navigation():
                page.get_by_role("link", name=self.project_title).first.click()
            with page.expect_navigation():
                page.get_by_role("button", name="我声明与申报单位无利益冲突").click()
            form = page.locator("form[action$='/submit/']")
            for field in form.locator("input[name^=criterion_]").all():
                label = page.locator(f"label[for='{field.get_attribute('id')}']").inner_text()
                full = float(re.search(r"满分\s*([\d.]+)", label).group(1))
                field.fill(f"{full * score_share:.0f}")
            form.locator("textarea[name=comment]").fill("需求分析扎实，团队稳定，预算合理。")
            site.shot(f"{username}-scores")
            with page.expect_navigation():
                form.locator("button[type=submit]").click()
            site.shot(f"{username}-submitted")

    # ---- 5. decision and 公示 --------------------------------------------------------------------------------------
    def officer_closes_the_call(self):
        """Decisions wait for the close time; the officer brings it forward to a minute ago (the call's own form)."""
        site = self.as_("officer_wuhan")
        page = site.page
        site.go(f"/programs/work/calls/{self.call_pk}/edit/")
        now = datetime.datetime.now(SHANGHAI)
        page.fill("input[name=closes_at]", f"{now - datetime.timedelta(minutes=1):%Y-%m-%dT%H:%M}")
        site.submit("main form")
        site.expect_message("申报指南已保存")
        site.shot("officer-call-closed")

    def officer_approves_and_publishes_the_notice(self):
        site = self.as_("officer_wuhan")
        page = site.page
        site.go(f"/programs/work/calls/{self.call_pk}/ranking/")
        site.shot("officer-ranking")
        site.go(f"/programs/work/applications/{self.application_pk}/")
        decide = page.locator("form[action$='/decide/']")
        decide.locator("select[name=decision]").select_option("approve")
        decide.locator("input[name=amount]").fill("140000")
        decide.locator("textarea[name=reason]").fill("评审平均分较高，服务设计切合江岸区需求。")
        with page.expect_navigation():
            decide.locator("button[type=submit]").click()
        site.expect_message("已立项")
        site.shot("officer-approved")
        site.go(f"/programs/work/calls/{self.call_pk}/")
        notice = page.locator("form[action$='/notice/']")
        notice.locator("textarea[name=text]").fill("经专家评审和局务会研究，拟立项如下，公示期内如有异议请来电。")
        with page.expect_navigation():
            notice.locator("button[type=submit]").click()
        site.expect_message("公示")
        site.shot("officer-notice-published")
        public = Site(self.browser, self.base_url, self.shots, name="public")
        self.sites["public"] = public
        public.go(f"/programs/calls/{self.call_pk}/")
        public.expect_message(self.project_title)
        public.shot("public-call-with-notice")

    # ---- 6. the grant --------------------------------------------------------------------------------------------
    def officer_signs_the_grant(self):
        let_notice_period_pass(self.application_pk)
        site = self.as_("officer_wuhan")
        page = site.page
        site.go("/grants/ready/")
        with page.expect_navigation():
            page.get_by_role("link", name=self.project_title).first.click()
        today = datetime.datetime.now(SHANGHAI).date()
        page.fill("input[name=start_date]", f"{today:%Y-%m-%d}")
        page.fill("input[name=end_date]", f"{today + datetime.timedelta(days=360):%Y-%m-%d}")
        page.set_input_files("input[name=signed_contract]", pdf(self.tmp, "contract.pdf"))
        page.fill("input[name=contact_name]", "李华")
        page.fill("input[name=contact_phone]", "13900139000")
        page.fill("input[name=bureau_contact_name]", "陈静")
        page.fill("input[name=bureau_contact_phone]", "027-85800000")
        site.shot("officer-grant-form")
        site.submit("main form")
        site.expect_message("HBMZ-")
        site.shot("officer-grant-signed")
        self.grant_pk = int(page.url.rstrip("/").split("/")[-1])

    # ---- 7. delivery and milestone 1 -----------------------------------------------------------------------------
    def organization_imports_service_logs(self):
        site = self.sites[self.org_user]
        page = site.page
        site.go(f"/delivery/grants/{self.grant_pk}/imports/")
        with page.expect_download() as download:
            page.get_by_role("link", name="服务记录导入模板").click()
        template = self.tmp / "template.xlsx"
        download.value.save_as(template)
        filled = fill_service_logs(template, self.tmp / "service-logs.xlsx")
        page.select_option("select[name=kind]", "service_logs")
        page.set_input_files("input[name=file]", filled)
        site.shot("org-import-form")
        site.submit("main form")
        site.expect_message("已导入")
        expect(page.locator("body")).not_to_contain_text("导入失败")
        site.shot("org-import-done")
        site.go(f"/delivery/grants/{self.grant_pk}/")
        site.shot("org-planned-vs-delivered")

    def organization_submits_milestone_one(self):
        site = self.sites[self.org_user]
        page = site.page
        site.go(f"/grants/{self.grant_pk}/")
        with page.expect_navigation():
            page.locator("a[href*='/grants/milestones/']").first.click()
        self.milestone_pk = int(page.url.rstrip("/").split("/")[-1])
        form = page.locator("form[action$='/submit/']")
        form.locator("textarea[name=narrative]").fill("合同签订后已启动：组建团队，完成需求调研，开展小组活动六次。")
        form.locator("input[name=evidence]").set_input_files(pdf(self.tmp, "evidence.pdf"))
        site.shot("org-milestone-form")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        site.expect_message("已提交")
        site.shot("org-milestone-submitted")

    def officer_approves_milestone(self):
        site = self.as_("officer_wuhan")
        page = site.page
        site.go(f"/grants/milestones/{self.milestone_pk}/")
        site.expect_message("计划")  # planned against delivered, on the milestone page
        review = page.locator("form[action$='/review/']")
        review.locator("input[name=decision][value=approve]").check()
        review.locator("textarea[name=comment]").fill("服务数据与计划相符，同意通过。")
        site.shot("officer-milestone-review")
        with page.expect_navigation():
            review.locator("button[type=submit]").click()
        site.expect_message("审核通过")
        site.shot("officer-milestone-approved")

    def second_officer_releases(self):
        site = self.as_("officer_wuhan2")
        page = site.page
        site.go(f"/grants/milestones/{self.milestone_pk}/")
        release = page.locator("form[action$='/release/']")
        release.locator("input[name=paid_on]").fill(f"{datetime.datetime.now(SHANGHAI).date():%Y-%m-%d}")
        release.locator("input[name=voucher_number]").fill(f"E2E-{self.stamp}")
        site.shot("second-officer-release")
        with page.expect_navigation():
            release.locator("button[type=submit]").click()
        site.confirm_if_asked("officer_wuhan2")
        site.expect_message("已拨付")
        site.shot("second-officer-released")

    # ---- 8. the public -------------------------------------------------------------------------------------------
    def public_sees_the_project(self):
        public = self.sites.get("public") or Site(self.browser, self.base_url, self.shots, name="public")
        self.sites["public"] = public
        page = public.page
        public.go(f"/grants/projects/?q={self.project_title}")
        with page.expect_navigation():
            page.get_by_role("link", name=self.project_title).first.click()
        public.expect_message(self.org_name)
        public.expect_message("140,000.00")
        figures = page.locator("dl", has_text="服务时长").first
        expect(figures).to_contain_text("9.0")  # six 90-minute sessions from the imported workbook
        expect(page.locator("table", has_text="合同签订后首付")).to_contain_text("已拨付")
        public.shot("public-project")
