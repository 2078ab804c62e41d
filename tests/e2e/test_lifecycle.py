"""The whole lifecycle in a real browser, one person per browser context, a screenshot after each step.

An organization registers (on a phone) and an officer verifies it; the officer publishes a call; the organization
applies; two reviewers declare no conflict and score; the call closes (the officer moves its close time to a minute
ago: decisions wait for it); the officer approves and publishes the 公示; the 公示 period passes (the one step done
outside the browser, see ``server.py``); the officer signs the grant; the organization imports service logs from an
xlsx file and submits milestone 1; the officer compares planned and delivered and approves; a second officer
releases the tranche (four eyes); the public sees the project with its figures.

Accounts from the demo data (``manage.py seed_demo``): officer_wuhan (decides), officer_wuhan2 (releases),
reviewer_zhang and reviewer_huang. Everything else is created here, named with this run's stamp. Where two-factor
sign-in is required (production), each officer enrols on first sign-in, reading the key off the enrolment page as an
authenticator app would, so run it against a database whose officers have not enrolled yet (bin/smoke makes one).
"""

import time

import pytest

from .steps import Lifecycle


@pytest.fixture
def lifecycle(browser, base_url, screenshots, tmp_path):
    run = Lifecycle(browser=browser, base_url=base_url, shots=screenshots, tmp=tmp_path, stamp=str(int(time.time())))
    yield run
    run.close()


def test_the_whole_lifecycle(lifecycle):
    lifecycle.organization_registers()
    lifecycle.officer_verifies()
    lifecycle.officer_publishes_a_call()
    lifecycle.organization_applies()
    lifecycle.officer_sends_to_review()
    lifecycle.reviewers_score()
    lifecycle.officer_closes_the_call()
    lifecycle.officer_approves_and_publishes_the_notice()
    lifecycle.officer_signs_the_grant()
    lifecycle.organization_imports_service_logs()
    lifecycle.organization_submits_milestone_one()
    lifecycle.officer_approves_milestone()
    lifecycle.second_officer_releases()
    lifecycle.public_sees_the_project()
    assert not lifecycle.script_errors()
