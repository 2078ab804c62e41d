"""The officer's screening (初审): return an application for revision, or pass it to expert review."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.notifications import notify

from ..models import Application
from ..workflows import Action, check_move
from .recipients import organization_members


@transaction.atomic
def application_return(*, application: Application, actor, comment: str) -> Application:
    """Send a submitted application back to the organization with the officer's comments."""
    application = Application.objects.select_for_update().select_related("call", "organization").get(pk=application.pk)
    new_status = check_move(application=application, action=Action.RETURN, actor=actor)
    if not comment.strip():
        raise ValidationError({"comment": _("退回意见：必须写明需要修改的内容。")})
    application.status = new_status
    application.return_comment = comment.strip()
    application.save(update_fields=["status", "return_comment", "updated_at"])
    audit_log(actor=actor, action="programs.application_return", target=application, details={"comment": comment})
    notify(
        recipients=organization_members(application.organization),
        subject=_("申报书被退回修改：%(title)s") % {"title": application.title},
        body=comment,
        url=f"/programs/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def application_pass_to_review(*, application: Application, actor) -> Application:
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    application.status = check_move(application=application, action=Action.PASS_TO_REVIEW, actor=actor)
    application.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="programs.application_pass_to_review", target=application)
    return application
