"""Officer and organization pages (questions, QR sheets, results) and the anonymous phone survey."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from core.clientip import client_ip
from core.forms import apply_service_errors
from core.permissions import check, require
from core.ratelimits import rate_limit
from grants.models import Grant
from programs.models import Call

from .forms import AnswerForm, QuestionsForm, SheetForm
from .models import SurveySheet
from .qr import qr_svg
from .questions import COMMENT_MAX, questions_for
from .selectors import PUBLIC_MIN_ANSWERS, grant_survey_figure, grant_survey_results, sheets_of
from .services import (
    SurveyClosed,
    answer_open_token,
    call_survey_save,
    closed_reason,
    satisfaction_indicators,
    survey_answer,
    survey_sheet_create,
)


@login_required
def call_questions(request, pk: int):
    call = get_object_or_404(Call.objects.select_related("issuing_region"), pk=pk)
    require(request.user, "surveys.edit_questions", call)
    initial = {
        "guardian_questions": "\n".join(questions_for(call, "guardian")),
        "child_questions": "\n".join(questions_for(call, "child")),
    }
    form = QuestionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call_survey_save(
                call=call,
                actor=request.user,
                guardian_questions=form.cleaned_data["guardian_questions"].splitlines(),
                child_questions=form.cleaned_data["child_questions"].splitlines(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("满意度问卷已保存；此后生成的二维码使用新题目。"))
            return redirect("surveys:call_questions", pk=call.pk)
    return render(
        request,
        "surveys/call_questions.html",
        {"call": call, "form": form, "custom": hasattr(call, "survey"), "comment_max": COMMENT_MAX},
        status=400 if request.method == "POST" else 200,
    )


def _grant(request, pk: int, action: str) -> Grant:
    grant = get_object_or_404(Grant.objects.select_related("call", "organization", "issuing_region"), pk=pk)
    require(request.user, action, grant)
    return grant


@login_required
def grant_surveys(request, pk: int):
    grant = _grant(request, pk, "surveys.view_sheets")
    can_create = check(request.user, "surveys.create_sheet", grant)
    form = SheetForm(request.POST or None, grant=grant)
    if request.method == "POST":
        require(request.user, "surveys.create_sheet", grant)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sheet = survey_sheet_create(
                    grant=grant,
                    actor=request.user,
                    audience=data["audience"],
                    label=data["label"],
                    township=data["township"],
                    count=data["count"],
                    valid_days=data["valid_days"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("已生成 %(n)s 个一次性二维码，请打印后发放。") % {"n": data["count"]})
                return redirect("surveys:sheet_print", pk=sheet.pk)
    answers, percent = grant_survey_figure(grant)
    return render(
        request,
        "surveys/grant_surveys.html",
        {
            "grant": grant,
            "form": form,
            "can_create": can_create,
            "sheets": sheets_of(grant),
            "answers": answers,
            "percent": percent,
            "indicators": satisfaction_indicators(grant),
            "can_see_results": check(request.user, "surveys.view_results", grant).allowed,
            "public_min": PUBLIC_MIN_ANSWERS,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def sheet_print(request, pk: int):
    sheet = get_object_or_404(SurveySheet.objects.select_related("grant__organization", "grant__issuing_region"), pk=pk)
    require(request.user, "surveys.view_sheets", sheet.grant)
    codes = [
        (
            token,
            None if token.used_at else qr_svg(request.build_absolute_uri(reverse("survey_answer", args=[token.token]))),
        )
        for token in sheet.tokens.all()
    ]
    return render(request, "surveys/sheet_print.html", {"sheet": sheet, "grant": sheet.grant, "codes": codes})


@login_required
def grant_results(request, pk: int):
    grant = _grant(request, pk, "surveys.view_results")
    return render(
        request,
        "surveys/grant_results.html",
        {"grant": grant, "results": grant_survey_results(grant), "public_min": PUBLIC_MIN_ANSWERS},
    )


CLOSED_MESSAGES = {
    "used": (
        gettext_lazy("这个二维码已经作答过了"),
        gettext_lazy("每个二维码只能作答一次。谢谢您的参与！如还想反馈意见，请向工作人员另要一个二维码。"),
    ),
    "expired": (gettext_lazy("这个二维码已过期"), gettext_lazy("本次测评已经结束，谢谢您的关注。")),
    "closed": (
        gettext_lazy("本项目的测评已结束"),
        gettext_lazy("本项目已结项、终止或暂停，不再接受答卷。谢谢您的关注。"),
    ),
}


def _closed_page(request, reason: str):
    """410 Gone when the code is opened; 409 Conflict when an answer is sent to a code already answered."""
    title, text = CLOSED_MESSAGES[reason]
    status = 409 if reason == "used" and request.method == "POST" else 410
    return render(request, "surveys/answer_closed.html", {"title": title, "text": text}, status=status)


@never_cache
@rate_limit(group="surveys.answer.ip")
def answer(request, token: str):
    """The phone survey: no account, one answer per code."""
    row = answer_open_token(token[:32])
    if row is None:
        return render(
            request,
            "surveys/answer_closed.html",
            {"title": _("二维码无效"), "text": _("没有找到这个二维码，请确认扫描的是工作人员发放的问卷二维码。")},
            status=404,
        )
    reason = closed_reason(row)
    if reason:
        return _closed_page(request, reason)
    sheet = row.sheet
    form = AnswerForm(request.POST or None, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(
                token=row.token,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                user=request.user,
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                ip=client_ip(request),
            )
        except SurveyClosed as closed:
            return _closed_page(request, closed.reason)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return render(request, "surveys/answer_done.html", {"sheet": sheet})
    return render(
        request,
        "surveys/answer.html",
        {"form": form, "sheet": sheet, "grant": sheet.grant},
        status=400 if request.method == "POST" else 200,
    )
