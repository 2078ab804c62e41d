"""Writing surveys: a call's questions, a grant's QR sheets, an anonymous answer, and the satisfaction indicator
that the answers feed (``delivery.OutcomeMeasurement``)."""

import datetime
import re
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.permissions import require
from delivery.models import MeasurementMethod, MeasurementPhase, OutcomeMeasurement
from grants.models import Grant
from grants.models.grants import ACTIVE_STATUSES
from organizations.selectors import membership_of
from programs.models import IndicatorKind, MeasuredPer

from .models import Audience, CallSurvey, SurveyResponse, SurveySheet, SurveyToken
from .questions import (
    COMMENT_MAX,
    MAX_SCALE_QUESTIONS,
    MIN_SCALE_QUESTIONS,
    QUESTION_MAX,
    SATISFIED_MEAN,
    questions_for,
)

MAX_TOKENS_PER_SHEET = 60
MAX_VALID_DAYS = 366
_DIGIT_RUN = re.compile(r"[0-9０-９]{6,}")
_TOKEN_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: a code may be typed from the print


class SurveyClosed(Exception):
    """The token cannot be answered (any more): ``reason`` is "used", "expired" or "closed"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---- Questions ----


def _clean_questions(lines, field: str) -> tuple[list[str], dict]:
    questions = [line.strip() for line in lines if line and line.strip()]
    errors = []
    if not MIN_SCALE_QUESTIONS <= len(questions) <= MAX_SCALE_QUESTIONS:
        errors.append(
            _("请填写 %(min)s 至 %(max)s 道评分题（现有 %(n)s 道），每行一题；另有一道选填意见题自动附在最后。")
            % {"min": MIN_SCALE_QUESTIONS, "max": MAX_SCALE_QUESTIONS, "n": len(questions)}
        )
    for number, question in enumerate(questions, start=1):
        if len(question) > QUESTION_MAX:
            errors.append(_("第 %(n)s 题超过 %(max)s 个字。") % {"n": number, "max": QUESTION_MAX})
    if len(set(questions)) != len(questions):
        errors.append(_("题目不能重复。"))
    return questions, ({field: errors} if errors else {})


def call_survey_save(*, call, actor, guardian_questions, child_questions) -> CallSurvey:
    """Replace the call's questions (both lists together). Sheets printed before keep the questions they carry."""
    with transaction.atomic():
        require(actor, "surveys.edit_questions", call)
        guardian, errors = _clean_questions(guardian_questions, "guardian_questions")
        child, child_errors = _clean_questions(child_questions, "child_questions")
        errors.update(child_errors)
        if errors:
            raise ValidationError(errors)
        survey, _created = CallSurvey.objects.update_or_create(
            call=call,
            defaults={"guardian_questions": guardian, "child_questions": child, "updated_by": actor},
        )
        audit_log(
            actor=actor,
            action="survey.questions",
            target=call,
            details={"guardian": len(guardian), "child": len(child)},
        )
    return survey


# ---- QR sheets ----


def new_token() -> str:
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(20))  # ~98 bits


def survey_sheet_create(
    *, grant: Grant, actor, audience: str, label: str, township=None, count: int, valid_days: int
) -> SurveySheet:
    """A sheet of ``count`` one-time codes for one township or activity, valid for ``valid_days`` days."""
    with transaction.atomic():
        grant = Grant.objects.select_for_update().select_related("call", "organization").get(pk=grant.pk)
        require(actor, "surveys.create_sheet", grant)
        errors = {}
        label = (label or (township.name if township else "")).strip()
        if not label:
            errors["label"] = [_("请填写乡镇街道或活动名称。")]
        elif _DIGIT_RUN.search(label):
            errors["label"] = [_("名称中不能有连续 6 位以上的数字。")]
        if audience not in Audience.values:
            errors["audience"] = [_("请选择作答对象。")]
        if not isinstance(count, int) or not 1 <= count <= MAX_TOKENS_PER_SHEET:
            errors["count"] = [_("二维码数量应在 1 至 %(max)s 之间。") % {"max": MAX_TOKENS_PER_SHEET}]
        if not isinstance(valid_days, int) or not 1 <= valid_days <= MAX_VALID_DAYS:
            errors["valid_days"] = [_("有效天数应在 1 至 %(max)s 之间。") % {"max": MAX_VALID_DAYS}]
        if errors:
            raise ValidationError(errors)
        sheet = SurveySheet.objects.create(
            grant=grant,
            audience=audience,
            label=label[:60],
            township=township,
            questions=questions_for(grant.call, audience),
            expires_at=timezone.now() + datetime.timedelta(days=valid_days),
            created_by=actor,
        )
        SurveyToken.objects.bulk_create(
            SurveyToken(sheet=sheet, token=new_token(), number=number) for number in range(1, count + 1)
        )
        audit_log(
            actor=actor,
            action="survey.sheet_create",
            target=grant,
            details={"sheet": sheet.pk, "audience": audience, "count": count, "valid_days": valid_days},
        )
    return sheet


# ---- Answering ----


def device_hash(*, grant_id: int, user_agent: str, ip: str | None) -> str:
    """A keyed hash of the device (user agent + address), salted per grant so that devices cannot be linked across
    grants. The address itself is never stored."""
    value = f"{grant_id}|{(user_agent or '')[:300]}|{ip or ''}"
    return salted_hmac("surveys.device", value, algorithm="sha256").hexdigest()[:32]


def answer_open_token(token: str) -> SurveyToken | None:
    """The token and its sheet and grant, or None when no such code was ever printed."""
    return (
        SurveyToken.objects.select_related("sheet__grant__call", "sheet__grant__organization")
        .filter(token=token)
        .first()
    )


def closed_reason(token: SurveyToken) -> str | None:
    if token.used_at is not None:
        return "used"
    if token.sheet.is_expired:
        return "expired"
    if token.sheet.grant.status not in ACTIVE_STATUSES:
        return "closed"
    return None


def _clean_answer(sheet, scores, comment) -> tuple[list[int], str]:
    errors = {}
    clean = []
    for index, _question in enumerate(sheet.questions):
        value = scores[index] if index < len(scores) else None
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= 5:
            errors[f"q{index + 1}"] = [_("请选择一个答案。")]
        clean.append(value)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("意见建议不能超过 %(n)s 个字。") % {"n": COMMENT_MAX}]
    elif _DIGIT_RUN.search(comment):
        errors["comment"] = [_("请不要填写电话号码、身份证号等个人信息（连续 6 位以上的数字）。")]
    if errors:
        raise ValidationError(errors)
    return clean, comment


def survey_answer(*, token: str, scores, comment: str, user, user_agent: str, ip: str | None) -> SurveyResponse:
    """Record the one answer of ``token``. Raises ``SurveyClosed`` when it was answered, has expired or the grant
    is no longer running (nothing is written), ``ValidationError`` for an incomplete answer. Not audited: an audit
    event would keep the address, and the answer is anonymous."""
    with transaction.atomic():
        row = (
            SurveyToken.objects.select_for_update()
            .select_related("sheet__grant__organization", "sheet__grant__call")
            .filter(token=token)
            .first()
        )
        if row is None:
            raise SurveyToken.DoesNotExist
        reason = closed_reason(row)
        if reason:
            raise SurveyClosed(reason)
        sheet = row.sheet
        grant = sheet.grant
        clean, comment = _clean_answer(sheet, scores, comment)
        now = timezone.now()
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    token=row,
                    grant=grant,
                    sheet=sheet,
                    audience=sheet.audience,
                    scores=clean,
                    comment=comment,
                    submitted_at=now,
                    device_hash=device_hash(grant_id=grant.pk, user_agent=user_agent, ip=ip),
                    by_member=user is not None and membership_of(user, grant.organization) is not None,
                )
        except IntegrityError:
            raise SurveyClosed("used") from None
        row.used_at = now
        row.save(update_fields=["used_at"])
        satisfaction_update(grant)
    return response


# ---- The indicator ----


def satisfaction_percent(responses) -> Decimal | None:
    """The share of answers whose mean score is at least 4 (满意 or 非常满意 on average), in %, one decimal."""
    responses = list(responses)
    if not responses:
        return None
    satisfied = sum(1 for r in responses if r.scores and sum(r.scores) >= SATISFIED_MEAN * len(r.scores))
    return (Decimal(satisfied * 100) / len(responses)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def indicator_audience(indicator) -> str | None:
    """Which answers feed a satisfaction indicator: children's when its name speaks of children, guardians' when it
    speaks of guardians or parents, else all."""
    name = indicator.name
    if any(word in name for word in ("监护人", "家长", "家庭")):
        return Audience.GUARDIAN
    if "儿童" in name or "孩子" in name:
        return Audience.CHILD
    return None


def satisfaction_indicators(grant):
    return grant.call.indicators.filter(kind=IndicatorKind.SATISFACTION, measured_per=MeasuredPer.GRANT)


def satisfaction_update(grant: Grant) -> int:
    """Write the survey's figure as the latest value of each per-grant satisfaction indicator of the grant's call
    (method 问卷调查, recorded today, replacing the survey's previous value so that it is the latest). Returns how
    many indicators were written. Runs in the caller's transaction."""
    indicators = list(satisfaction_indicators(grant))
    if not indicators:
        return 0
    # One recalculation at a time per grant: two answers committing together must not both write the value.
    Grant.objects.select_for_update().filter(pk=grant.pk).values_list("pk", flat=True).get()
    responses = list(SurveyResponse.objects.filter(grant=grant).only("scores", "audience"))
    written = 0
    for indicator in indicators:
        audience = indicator_audience(indicator)
        value = satisfaction_percent(r for r in responses if audience is None or r.audience == audience)
        row_key = f"survey:{indicator.pk}"
        OutcomeMeasurement.objects.filter(grant=grant, row_key=row_key).delete()
        if value is None:
            continue
        first_sheet = grant.survey_sheets.order_by("created_at", "pk").first()
        OutcomeMeasurement.objects.create(
            indicator=indicator,
            grant=grant,
            phase=MeasurementPhase.SINGLE,
            value=value,
            measured_on=timezone.localdate(),
            method=MeasurementMethod.SURVEY,
            row_key=row_key,
            created_by_id=first_sheet.created_by_id,
        )
        written += 1
    return written
