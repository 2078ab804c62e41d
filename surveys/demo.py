"""Demo surveys: on two running demo grants (武汉's first, that of ``org_wuhan_admin``), a guardians' sheet and a
children's sheet of QR codes, some of them answered through the real service (so the grant's satisfaction indicator
moves and, from 5 answers, the public project page shows the figure); three answers from one phone show the officer
a flag. Idempotent: a grant with a sheet is left alone."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from grants.models import Grant
from organizations.models import MemberRole

from .models import Audience, SurveyResponse
from .services import satisfaction_update, survey_answer, survey_sheet_create

# (guardian answers, child answers) per grant: the first passes the public threshold, the second does not yet
ANSWERS = [(9, 5), (3, 0)]


def seed_surveys() -> list[Grant]:
    grants = [g for g in Grant.objects.select_related("organization", "issuing_region") if g.is_active]
    grants.sort(key=lambda g: (g.issuing_region.code != "420100", g.contract_number))  # 武汉's first (the README's)
    seeded = []
    for grant, (guardians, children) in zip(grants, ANSWERS, strict=False):
        if grant.survey_sheets.exists():
            continue
        admin = grant.organization.memberships.filter(role=MemberRole.ADMIN).select_related("user").first()
        if admin is None:
            continue
        rng = random.Random(grant.contract_number)
        with transaction.atomic():
            for audience, label, count in (
                (Audience.GUARDIAN, "社区活动室", guardians),
                (Audience.CHILD, "暑期夏令营", children),
            ):
                sheet = survey_sheet_create(
                    grant=grant, actor=admin.user, audience=audience, label=label, count=24, valid_days=90
                )
                _answer(sheet, count, rng)
            satisfaction_update(grant)
        seeded.append(grant)
    return seeded


def _answer(sheet, count: int, rng: random.Random) -> None:
    now = timezone.now()
    tokens = list(sheet.tokens.order_by("number")[:count])
    for index, token in enumerate(tokens):
        scores = [rng.choice((3, 4, 4, 5, 5, 5)) for _question in sheet.questions]
        same_phone = sheet.audience == Audience.GUARDIAN and index >= count - 3  # three answers from one phone
        survey_answer(
            token=token.token,
            scores=scores,
            comment="老师很耐心，孩子很喜欢。" if index == 0 else "",
            user=None,
            user_agent="Demo-Phone-shared" if same_phone else f"Demo-Phone-{sheet.pk}-{index}",
            ip="192.0.2.10" if same_phone else f"192.0.2.{20 + index}",
        )
        # spread over the past weeks, as answers collected after activities would be
        SurveyResponse.objects.filter(token=token).update(
            submitted_at=now - datetime.timedelta(days=3 * (count - index), hours=rng.randint(0, 8))
        )
