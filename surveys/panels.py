"""What surveys adds to other apps' pages (registered in ``SurveysConfig.ready()``): a panel on the grant page, a
link on the officer's call page, and the satisfaction columns of the public funded-projects pages and downloads."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import check


def grant_panel(*, grant, milestone=None, user) -> str:
    if milestone is not None or not check(user, "surveys.view_sheets", grant).allowed:
        return ""
    from .selectors import grant_survey_figure

    answers, percent = grant_survey_figure(grant)
    return render_to_string(
        "surveys/_grant_panel.html",
        {"grant": grant, "answers": answers, "percent": percent},
    )


def call_link(*, call, user) -> list[tuple[str, str]]:
    if not check(user, "surveys.edit_questions", call).allowed:
        return []
    return [(_("满意度问卷"), reverse("surveys:call_questions", args=[call.pk]))]


def public_figures(grants) -> dict[int, dict]:
    from .selectors import public_satisfaction

    return {
        pk: {"satisfaction_percent": percent, "satisfaction_answers": answers}
        for pk, (answers, percent) in public_satisfaction(grants).items()
    }


def register():
    from grants.panels import register_panel
    from grants.public_figures import FigureColumn, FigureProvider, register_figures
    from programs.call_links import register_call_link

    register_panel(grant_panel)
    register_call_link(call_link)
    register_figures(
        FigureProvider(
            columns=[
                FigureColumn("satisfaction_percent", gettext_lazy("满意度（%）"), "0.0"),
                FigureColumn("satisfaction_answers", gettext_lazy("满意度测评答卷（份）"), "#,##0"),
            ],
            figures=public_figures,
        )
    )
