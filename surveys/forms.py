from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Region, RegionLevel

from .models import Audience
from .questions import COMMENT_MAX, COMMENT_PROMPT, SCALE_LABELS
from .services import MAX_TOKENS_PER_SHEET, MAX_VALID_DAYS


class QuestionsForm(forms.Form):
    guardian_questions = forms.CharField(
        label=_("监护人问卷：评分题（每行一题）"), widget=forms.Textarea(attrs={"rows": 8}), max_length=1000
    )
    child_questions = forms.CharField(
        label=_("儿童问卷：评分题（每行一题，用孩子能懂的话）"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=1000,
    )


def township_choices(grant):
    """Townships inside the grant's service regions (the regions themselves when they are townships)."""
    regions = list(grant.service_regions.all())
    query = Region.objects.none()
    for region in regions:
        query = query | Region.objects.filter(path__startswith=region.path, level=RegionLevel.TOWNSHIP)
    return query.order_by("path")


class SheetForm(forms.Form):
    audience = forms.ChoiceField(label=_("作答对象"), choices=Audience.choices, initial=Audience.GUARDIAN)
    township = forms.ModelChoiceField(
        label=_("乡镇街道"), queryset=Region.objects.none(), required=False, empty_label=_("（不指定）")
    )
    label = forms.CharField(
        label=_("活动或地点名称"),
        max_length=60,
        required=False,
        help_text=_("不选乡镇时必填，例如“暑期夏令营”。"),
    )
    count = forms.IntegerField(label=_("二维码数量"), min_value=1, max_value=MAX_TOKENS_PER_SHEET, initial=24)
    valid_days = forms.IntegerField(label=_("有效天数"), min_value=1, max_value=MAX_VALID_DAYS, initial=60)

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = township_choices(grant)


class AnswerForm(forms.Form):
    """One radio group of 1–5 per scale question of the sheet, then the optional comment."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        labels = SCALE_LABELS[sheet.audience]
        choices = [(str(i + 1), label) for i, label in enumerate(labels)]
        for index, question in enumerate(sheet.questions, start=1):
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=f"{index}. {question}",
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("请选择一个答案。")},
            )
        self.fields["comment"] = forms.CharField(
            label=COMMENT_PROMPT[sheet.audience] % {"n": COMMENT_MAX},
            max_length=COMMENT_MAX,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
        )
        self.question_count = len(sheet.questions)

    def scores(self) -> list:
        return [self.cleaned_data.get(f"q{i}") for i in range(1, self.question_count + 1)]
