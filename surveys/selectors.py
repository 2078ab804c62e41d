"""Reading surveys: a grant's figure, the distribution per question and the flagged patterns (officers and
evaluators), the public figure (only from ``PUBLIC_MIN_ANSWERS`` answers on)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.disclosure import THRESHOLD

from .models import Audience, SurveyResponse, SurveySheet
from .questions import SCALE_LABELS
from .services import satisfaction_percent

PUBLIC_MIN_ANSWERS = THRESHOLD  # the public sees a grant's satisfaction from 5 answers on
DEVICE_REPEAT = 3  # answers from one device (on one grant) from which each of them is flagged
BURST_COUNT = 5  # answers to one grant ...
BURST_WINDOW = datetime.timedelta(minutes=5)  # ... within this time are flagged as a burst

FLAG_LABELS = {
    "device": _("同一设备多次作答"),
    "burst": _("短时间内集中作答"),
    "member": _("本组织成员登录状态下作答"),
}


def sheets_of(grant):
    return (
        SurveySheet.objects.filter(grant=grant)
        .select_related("created_by", "township")
        .annotate(total=Count("tokens"), answered=Count("tokens", filter=Q(tokens__used_at__isnull=False)))
    )


def response_flags(responses: list) -> dict[int, set[str]]:
    """{response pk: flags} for a grant's answers (sorted by time): many answers from one device, bursts of answers
    within minutes, answers sent by a signed-in member of the organization surveyed."""
    flags: dict[int, set[str]] = defaultdict(set)
    devices = Counter(r.device_hash for r in responses)
    for r in responses:
        if devices[r.device_hash] >= DEVICE_REPEAT:
            flags[r.pk].add("device")
        if r.by_member:
            flags[r.pk].add("member")
    ordered = sorted(responses, key=lambda r: (r.submitted_at, r.pk))
    start = 0
    for end, r in enumerate(ordered):
        while r.submitted_at - ordered[start].submitted_at > BURST_WINDOW:
            start += 1
        if end - start + 1 >= BURST_COUNT:
            for other in ordered[start : end + 1]:
                flags[other.pk].add("burst")
    return flags


@dataclass
class QuestionRow:
    text: str
    counts: list[int]  # answers 1..5
    labels: list[str]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        return sum((i + 1) * n for i, n in enumerate(self.counts)) / self.total if self.total else None

    @property
    def cells(self):
        return list(zip(self.labels, self.counts, strict=True))


@dataclass
class GrantSurveyResults:
    answers: int
    percent: object  # Decimal or None
    by_audience: dict = field(default_factory=dict)  # audience label: (answers, percent)
    questions: dict = field(default_factory=dict)  # audience label: [QuestionRow]
    flagged: int = 0
    percent_unflagged: object = None
    flag_counts: dict = field(default_factory=dict)  # label: count
    flagged_rows: list = field(default_factory=list)  # (response, [labels])
    comments: list = field(default_factory=list)


def grant_survey_figure(grant) -> tuple[int, object]:
    """(answers, satisfied %) for the grant: what its organization and its panel see."""
    responses = list(SurveyResponse.objects.filter(grant=grant).only("scores"))
    return len(responses), satisfaction_percent(responses)


def grant_survey_results(grant) -> GrantSurveyResults:
    """Everything the officer and the evaluator see, from one query over the grant's answers and their sheets."""
    responses = list(SurveyResponse.objects.filter(grant=grant).select_related("sheet").order_by("submitted_at", "pk"))
    flags = response_flags(responses)
    results = GrantSurveyResults(answers=len(responses), percent=satisfaction_percent(responses))
    for audience in Audience:
        mine = [r for r in responses if r.audience == audience]
        if not mine:
            continue
        results.by_audience[audience.label] = (len(mine), satisfaction_percent(mine))
        rows: dict[str, QuestionRow] = {}
        for r in mine:
            for text, score in zip(r.sheet.questions, r.scores, strict=False):
                row = rows.setdefault(text, QuestionRow(text, [0] * 5, [str(x) for x in SCALE_LABELS[audience]]))
                row.counts[score - 1] += 1
        results.questions[audience.label] = list(rows.values())
    results.flagged = sum(1 for r in responses if flags.get(r.pk))
    results.percent_unflagged = satisfaction_percent(r for r in responses if not flags.get(r.pk))
    counter = Counter(flag for r in responses for flag in flags.get(r.pk, ()))
    results.flag_counts = {FLAG_LABELS[key]: counter[key] for key in FLAG_LABELS if counter[key]}
    results.flagged_rows = [
        (r, [FLAG_LABELS[key] for key in FLAG_LABELS if key in flags[r.pk]]) for r in responses if flags.get(r.pk)
    ]
    results.comments = [r.comment for r in responses if r.comment]
    return results


def public_satisfaction(grants) -> dict[int, tuple[int, object]]:
    """{grant pk: (answers, satisfied %)} for the grants of ``grants`` (a queryset) with at least
    ``PUBLIC_MIN_ANSWERS`` answers; others are left out. One query."""
    by_grant = defaultdict(list)
    for r in SurveyResponse.objects.filter(grant__in=grants.order_by().values("pk")).only("grant_id", "scores"):
        by_grant[r.grant_id].append(r)
    return {
        pk: (len(rows), satisfaction_percent(rows)) for pk, rows in by_grant.items() if len(rows) >= PUBLIC_MIN_ANSWERS
    }
