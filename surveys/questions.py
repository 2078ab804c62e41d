"""The questions: 1–5 scale questions (4 to 7 of them) and, always last, one optional comment of at most
``COMMENT_MAX`` characters: 5 to 8 questions in all. A call without its own set uses the defaults below."""

from django.utils.translation import gettext_lazy as _

from .models import Audience

MIN_SCALE_QUESTIONS = 4
MAX_SCALE_QUESTIONS = 7
QUESTION_MAX = 60
COMMENT_MAX = 200

DEFAULT_QUESTIONS = {
    Audience.GUARDIAN: [
        "您对本项目提供的服务总体满意吗？",
        "您对工作人员对孩子和家人的态度满意吗？",
        "您对服务的时间、地点安排满意吗？",
        "您对孩子参加服务以后的变化满意吗？",
        "您对服务中孩子的安全和隐私保护满意吗？",
    ],
    Audience.CHILD: [
        "你觉得这里的活动好玩吗？",
        "你觉得老师（社工）对你好吗？",
        "在这里你觉得安全、放心吗？",
        "参加活动以后，你觉得自己有进步吗？",
        "你还想再来参加吗？",
    ],
}

# The five answers, 1 to 5, as each audience reads them.
SCALE_LABELS = {
    Audience.GUARDIAN: [_("很不满意"), _("不满意"), _("一般"), _("满意"), _("非常满意")],
    Audience.CHILD: [_("很不好"), _("不太好"), _("一般"), _("比较好"), _("非常好")],
}

COMMENT_PROMPT = {
    Audience.GUARDIAN: _("您还有什么意见或建议？（选填，%(n)s 字以内，请不要填写姓名、电话等个人信息）"),
    Audience.CHILD: _("你还想对老师说什么？（可以不写，%(n)s 字以内，不要写名字和电话）"),
}

# An answer is "satisfied" when the mean of its scores is at least this (满意 or 非常满意 on average).
SATISFIED_MEAN = 4


def questions_for(call, audience: str) -> list[str]:
    """The scale questions ``call`` asks ``audience``: its own set, else the defaults."""
    survey = getattr(call, "survey", None) if call is not None else None
    own = []
    if survey is not None:
        own = survey.guardian_questions if audience == Audience.GUARDIAN else survey.child_questions
    return list(own) or list(DEFAULT_QUESTIONS[audience])
