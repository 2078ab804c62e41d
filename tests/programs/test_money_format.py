"""Money reads one way on every programs page and message: thousands separators and two decimals."""

import pathlib
import re

import programs

TEMPLATES = pathlib.Path(programs.__file__).parent / "templates"
MONEY_NAMES = r"(amount|budget|_cap|remaining|approved_total|unit_price|line\.total)"


def test_no_programs_template_prints_money_without_the_money_filter():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        printed = re.findall(r"{{\s*([^}]+?)\s*}}", text)
        assigned = [m for block in re.findall(r"{% blocktranslate with ([^%]+)%}", text) for m in block.split()]
        for expr in printed + [a.split("=", 1)[1] for a in assigned if "=" in a]:
            if re.search(MONEY_NAMES, expr) and "|money" not in expr and not expr.startswith("formset"):
                offenders.append(f"{path.name}: {expr}")
    assert not offenders, offenders


def test_the_public_notice_table_shows_separators(client, draft, applicant, wuhan_officer, reviewers):
    from decimal import Decimal

    from django.urls import reverse

    from programs.services.decisions import application_approve, notice_publish
    from tests.programs.helpers import close_call, reviewed

    application = reviewed(draft, applicant=applicant, officer=wuhan_officer, reviewers=reviewers)
    close_call(application.call)
    application_approve(application=application, actor=wuhan_officer, amount=Decimal("48000"), reason="好")
    notice_publish(call=application.call, actor=wuhan_officer)
    body = client.get(reverse("programs:call_detail", args=[application.call.pk])).content.decode()
    assert "48,000.00" in body
