"""Supervisor and director accounts: the Excel list (all rows or none), the printed code and the e-mailed link."""

import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.models import OutgoingEmail, Region, User
from core.permissions import NotVisible
from referrals.imports import HEADERS
from referrals.models import AccountSetup, CareWorker
from referrals.services import account_setup_complete, care_workers_import
from tests.factories import OfficerFactory


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("list.xlsx", buffer.getvalue())


GOOD = [
    ["周督导", "儿童督导员", "大智街道", "", "13900000001", ""],
    ["吴主任", "儿童主任", "420102003", "一元村", "13900000002", "wu@example.com"],
]


def test_the_template_lists_the_countys_townships(client, jiangan_officer):
    client.force_login(jiangan_officer)
    response = client.get(reverse("referrals:workers_template", args=["420102"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["人员名单"][1]] == HEADERS
    names = [row[1] for row in workbook["乡镇街道"].iter_rows(min_row=2, values_only=True)]
    assert "大智街道" in names and len(names) == Region.objects.filter(parent__code="420102").count()
    client.force_login(OfficerFactory(region_code="420103"))
    assert client.get(reverse("referrals:workers_template", args=["420102"])).status_code == 404


def test_a_good_list_creates_accounts_with_codes_shown_once(client, jiangan_officer):
    client.force_login(jiangan_officer)
    county = Region.objects.get(code="420102")
    response = client.post(reverse("referrals:workers"), {"county": county.pk, "file": _xlsx(GOOD)})
    assert response.status_code == 200
    supervisor = User.objects.get(username="13900000001")
    assert not supervisor.has_usable_password()
    assert CareWorker.objects.get(user=supervisor).township.name == "大智街道"
    setup = AccountSetup.objects.get(user=supervisor, method="code")
    codes = re.findall(r"<code>([A-Z2-9]{10})</code>", response.content.decode())
    assert len(codes) == 1
    printed = codes[0]
    assert setup.token_hash == hashlib.sha256(printed.encode()).hexdigest()
    # The director with an address got the link by e-mail instead.
    email = OutgoingEmail.objects.get(to="wu@example.com")
    assert "/referrals/activate/" in email.body
    assert client.get(reverse("referrals:workers")).content.decode().count(printed) == 0


def test_one_bad_row_creates_nothing_and_names_the_row(client, jiangan_officer):
    client.force_login(jiangan_officer)
    county = Region.objects.get(code="420102")
    rows = [*GOOD, ["郑主任", "儿童主任", "不存在街道", "", "1390000", ""]]
    response = client.post(reverse("referrals:workers"), {"county": county.pk, "file": _xlsx(rows)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "不存在街道" in page and '<td class="num">4</td>' in page and "儿童主任须填写" in page
    assert not User.objects.filter(username__startswith="139").exists()


def test_a_phone_number_already_used_is_a_row_error(jiangan_officer):
    from referrals.services.workers import ImportRefused

    care_workers_import(actor=jiangan_officer, county=Region.objects.get(code="420102"), upload=_xlsx(GOOD[:1]))
    with pytest.raises(ImportRefused) as error:
        care_workers_import(actor=jiangan_officer, county=Region.objects.get(code="420102"), upload=_xlsx(GOOD))
    assert error.value.row_errors[0][0] == 2


def test_a_phone_number_taken_at_the_same_moment_is_the_same_row_error_and_creates_nothing(
    monkeypatch, jiangan_officer
):
    """Two officers importing lists that share a phone number, or a sign-up with it, at the same moment: the checks
    pass in both and the database's unique constraint decides. That is the sequential row error, never a 500
    (issue 9, item 7). The constraint path is forced here; test_concurrency.py races it on PostgreSQL."""
    from referrals.services import workers
    from referrals.services.workers import ImportRefused

    county = Region.objects.get(code="420102")
    parse = workers.parse_workers

    def parse_then_someone_else_takes_the_number(upload, *, county):
        parsed = parse(upload, county=county)
        User.objects.create(username="13900000002")
        return parsed

    monkeypatch.setattr(workers, "parse_workers", parse_then_someone_else_takes_the_number)
    monkeypatch.setattr(workers, "username_taken", lambda username: False)  # the race: the check saw nothing
    with pytest.raises(ImportRefused) as error:
        care_workers_import(actor=jiangan_officer, county=county, upload=_xlsx(GOOD))
    assert error.value.row_errors == [(3, "手机号码 13900000002 已有账号")]
    assert not CareWorker.objects.exists() and not AccountSetup.objects.exists()
    assert list(User.objects.filter(username__startswith="139").values_list("username", flat=True)) == ["13900000002"]


def test_an_officer_of_another_county_cannot_import_here(jiangan_officer):
    officer = OfficerFactory(region_code="420103")
    with pytest.raises(NotVisible):
        care_workers_import(actor=officer, county=Region.objects.get(code="420102"), upload=_xlsx(GOOD))


def test_the_printed_code_sets_the_password_once(client, jiangan_officer):
    created = care_workers_import(
        actor=jiangan_officer, county=Region.objects.get(code="420102"), upload=_xlsx(GOOD[:1])
    )
    code = created[0][1]
    with pytest.raises(ValidationError):
        account_setup_complete(token=code, username="13900000009", password="a-Long-pass-2026")
    response = client.post(
        reverse("referrals:activate"),
        {
            "username": "13900000001",
            "code": code.lower(),
            "password1": "a-Long-pass-2026",
            "password2": "a-Long-pass-2026",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="13900000001").check_password("a-Long-pass-2026")
    again = client.post(
        reverse("referrals:activate"),
        {"username": "13900000001", "code": code, "password1": "b-Long-pass-2026", "password2": "b-Long-pass-2026"},
    )
    assert again.status_code == 400
    assert User.objects.get(username="13900000001").check_password("a-Long-pass-2026")


def test_activation_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "referrals.activate.ip": "3/h"}
    data = {"username": "13900000001", "code": "WRONGCODE1", "password1": "x", "password2": "x"}
    statuses = [client.post(reverse("referrals:activate"), data).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_a_reissued_code_replaces_the_lost_one(client, jiangan_officer):
    created = care_workers_import(
        actor=jiangan_officer, county=Region.objects.get(code="420102"), upload=_xlsx(GOOD[:1])
    )
    worker, lost = created[0]
    client.force_login(OfficerFactory(region_code="420103"))
    assert client.post(reverse("referrals:reissue", args=[worker.pk])).status_code == 404
    client.force_login(jiangan_officer)
    response = client.post(reverse("referrals:reissue", args=[worker.pk]))
    new = re.findall(r"<code>([A-Z2-9]{10})</code>", response.content.decode())
    assert len(new) == 1 and new[0] != lost
    with pytest.raises(ValidationError):
        account_setup_complete(token=lost, username="13900000001", password="a-Long-pass-2026")
    account_setup_complete(token=new[0], username="13900000001", password="a-Long-pass-2026")
