"""Referral writes: report (and route), accept (enrol the child on the grant), return, assign, close, remind.

Nothing identifying goes into audit details, notifications or e-mails: the referral's code (Z0000012), the
township, the need and the urgency, never the child's name or ID.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.calendar import add_working_days
from core.notifications import notify
from core.permissions import require
from core.validators import normalise_id_number
from delivery.identity import beneficiary_find_or_create, id_number_facts, id_number_hash, mask_id_number
from delivery.models import Beneficiary, ConsentBy, Enrolment, GuardianType, SchoolStage
from delivery.validation import birth_error, consent_date_error
from grants.models import Grant
from organizations.selectors import conflict_of_interest, organization_admins

from ..models import Need, Referral, ReferralStatus, RouteOutcome, Urgency
from ..routing import covering_grants
from ..selectors import care_worker_of, officers_for_township, supervisors_of

_DIGIT_RUN = re.compile(r"[0-9０-９]{6,}")
DESCRIPTION_MAX = 500


def _free_text_errors(values: dict, errors: dict) -> None:
    """Free text must not carry an ID number (or any long digit run): it would be stored in clear."""
    for field, value in values.items():
        if _DIGIT_RUN.search(value or ""):
            errors.setdefault(field, []).append(_("此处不能填写身份证号码或其他长串数字。"))


def _child_identity(id_number: str, no_id_reason: str, attributes: dict, errors: dict) -> tuple[str, str]:
    """(hash, masked) of the ID number, with gender and birth taken from it; or ("", "") and a reason required."""
    id_number = (id_number or "").strip()
    if not id_number:
        if not (no_id_reason or "").strip():
            errors.setdefault("id_number", []).append(_("请填写身份证号码；没有身份证号码（如未落户）时请填写原因。"))
        for field in ("gender",):
            if not attributes.get(field):
                errors.setdefault(field, []).append(_("没有身份证号码时请填写性别。"))
        message = birth_error(attributes.get("birth_year"), attributes.get("birth_month"))
        if message:
            errors.setdefault("birth_year", []).append(message)
        return "", ""
    try:
        number = normalise_id_number(id_number)
    except ValidationError as error:
        errors.setdefault("id_number", []).extend(error.messages)
        return "", ""
    attributes.update(id_number_facts(number))
    message = birth_error(attributes["birth_year"], attributes["birth_month"])
    if message:
        errors.setdefault("id_number", []).append(message)
    return id_number_hash(number), mask_id_number(number)


def _route(referral: Referral, *, today=None) -> None:
    """Set the referral's destination from the grants covering its township and need (module docstring of
    ``referrals.routing``)."""
    grants = list(covering_grants(township=referral.township, need=referral.need, today=today)[:2])
    if len(grants) == 1:
        _route_to(referral, grants[0], RouteOutcome.ONE)
    else:
        referral.status = ReferralStatus.WITH_OFFICER
        referral.route_outcome = RouteOutcome.NONE if not grants else RouteOutcome.SEVERAL
        referral.grant = referral.organization = None
        referral.accept_due = None
        referral.routed_at = timezone.now()


def _route_to(referral: Referral, grant: Grant, outcome: str) -> None:
    referral.status = ReferralStatus.ROUTED
    referral.route_outcome = outcome
    referral.grant = grant
    referral.organization = grant.organization
    referral.routed_at = timezone.now()
    referral.accept_due = add_working_days(timezone.localdate(), settings.REFERRALS_ACCEPT_WORKING_DAYS)


def _referral_url(referral: Referral) -> str:
    return reverse("referrals:referral_detail", args=[referral.pk])


def _notify_routed(referral: Referral) -> None:
    if referral.status == ReferralStatus.ROUTED:
        notify(
            recipients=organization_admins(referral.organization),
            subject=_("新的转介 %(code)s：%(township)s，%(need)s（%(urgency)s）")
            % {
                "code": referral.code,
                "township": referral.township.name,
                "need": referral.get_need_display(),
                "urgency": referral.get_urgency_display(),
            },
            body=_("请在 %(due)s 前接收或退回。") % {"due": referral.accept_due.isoformat()},
            url=_referral_url(referral),
        )
    if referral.status == ReferralStatus.WITH_OFFICER or referral.is_urgent:
        reason = {
            RouteOutcome.NONE: _("没有覆盖该乡镇和该需求的在执行项目（服务空白）。"),
            RouteOutcome.SEVERAL: _("有多个在执行项目覆盖该乡镇和该需求，请选择承接组织。"),
        }.get(referral.route_outcome, _("紧急转介，已分派给承接组织，请关注。"))
        notify(
            recipients=officers_for_township(referral.township),
            subject=_("转介 %(code)s 待处理：%(township)s，%(need)s（%(urgency)s）")
            % {
                "code": referral.code,
                "township": referral.township.name,
                "need": referral.get_need_display(),
                "urgency": referral.get_urgency_display(),
            },
            body=str(reason),
            url=_referral_url(referral),
        )


def referral_report(
    *,
    actor,
    child_name: str,
    category,
    need: str,
    urgency: str,
    description: str,
    consent_by: str,
    consent_date,
    id_number: str = "",
    no_id_reason: str = "",
    gender: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    village: str | None = None,
    today=None,
) -> Referral:
    """A director reports a child's need in their township. The child is found by the keyed hash of the ID number
    (never stored in clear), the guardian's consent recorded, and the referral routed (``_route``)."""
    with transaction.atomic():
        require(actor, "referrals.report", None)
        worker = care_worker_of(actor)
        township = worker.township
        errors: dict[str, list] = {}
        attributes = {"gender": gender, "birth_year": birth_year, "birth_month": birth_month}
        id_hash, id_masked = _child_identity(id_number, no_id_reason, attributes, errors)
        child_name = (child_name or "").strip()
        description = (description or "").strip()
        village = (worker.village if village is None else village).strip()
        if not child_name:
            errors.setdefault("child_name", []).append(_("请填写儿童姓名：承接组织凭姓名找到儿童。"))
        if category is None:
            errors.setdefault("category", []).append(_("请选择儿童类别。"))
        if need not in Need.values:
            errors.setdefault("need", []).append(_("请选择需求。"))
        if urgency not in Urgency.values:
            errors.setdefault("urgency", []).append(_("请选择紧急程度。"))
        if not description:
            errors.setdefault("description", []).append(_("请简要说明情况。"))
        elif len(description) > DESCRIPTION_MAX:
            errors.setdefault("description", []).append(
                _("情况说明不超过 %(max)s 字，您写了 %(length)s 字。")
                % {"max": DESCRIPTION_MAX, "length": len(description)}
            )
        if consent_by not in ConsentBy.values:
            errors.setdefault("consent_by", []).append(_("请选择由谁同意：没有监护人同意不能转介。"))
        message = consent_date_error(consent_date)
        if message:
            errors.setdefault("consent_date", []).append(message)
        _free_text_errors(
            {"child_name": child_name, "description": description, "no_id_reason": no_id_reason, "village": village},
            errors,
        )
        if errors:
            raise ValidationError(errors)
        referral = Referral(
            township=township,
            county=township.parent,
            village=village,
            reporter=actor,
            child_name=child_name,
            id_hash=id_hash,
            id_masked=id_masked,
            no_id_reason="" if id_hash else no_id_reason.strip(),
            gender=attributes["gender"],
            birth_year=attributes["birth_year"],
            birth_month=attributes["birth_month"],
            category=category,
            consent_by=consent_by,
            consent_date=consent_date,
            beneficiary=Beneficiary.objects.filter(id_hash=id_hash).first() if id_hash else None,
            need=need,
            urgency=urgency,
            description=description,
        )
        _route(referral, today=today)
        referral.save()
        audit_log(
            actor=actor,
            action="referral.report",
            target=referral,
            details={
                "township": township.code,
                "need": need,
                "urgency": urgency,
                "route": referral.route_outcome,
                "grant": referral.grant_id,
                "known_child": referral.beneficiary_id is not None,
            },
        )
        _notify_routed(referral)
        if referral.is_urgent:
            notify(
                recipients=supervisors_of(township),
                subject=_("紧急转介 %(code)s：%(township)s") % {"code": referral.code, "township": township.name},
                url=_referral_url(referral),
            )
    return referral


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("township", "county", "grant", "organization", "grant__call")
        .get(pk=referral.pk)
    )


def referral_accept(
    *, referral: Referral, actor, guardian_type: str, school_stage: str, name: str | None = None
) -> Referral:
    """The organization accepts: the child's file is found (by the referral's ID hash) or created (owned by the
    organization when the child has no ID) and the child enrolled on the grant with the consent the director
    recorded. Already enrolled on this grant: the referral is linked to that enrolment."""
    with transaction.atomic():
        referral = _locked(referral)
        require(actor, "referrals.respond", referral)
        errors: dict[str, list] = {}
        if guardian_type not in GuardianType.values:
            errors.setdefault("guardian_type", []).append(_("请选择监护类型。"))
        if school_stage not in SchoolStage.values:
            errors.setdefault("school_stage", []).append(_("请选择就学阶段。"))
        name = (referral.child_name if name is None else name).strip()
        _free_text_errors({"name": name}, errors)
        if errors:
            raise ValidationError(errors)
        grant = Grant.objects.select_for_update().select_related("organization").get(pk=referral.grant_id)
        require(actor, "delivery.manage", grant)
        child = _child_for(referral, grant, name, guardian_type, school_stage)
        enrolment = Enrolment.objects.filter(beneficiary=child, grant=grant).first()
        new_enrolment = enrolment is None
        if new_enrolment:
            enrolment = Enrolment.objects.create(
                beneficiary=child,
                grant=grant,
                organization=grant.organization,
                name=name,
                consent_date=referral.consent_date,
                consent_by=referral.consent_by,
                created_by=actor,
            )
        referral.beneficiary = child
        referral.enrolment = enrolment
        referral.status = ReferralStatus.ACCEPTED
        referral.accepted_at = timezone.now()
        referral.accepted_on = timezone.localdate()
        referral.accepted_by = actor
        referral.save()
        audit_log(
            actor=actor,
            action="referral.accept",
            target=referral,
            details={"grant": grant.pk, "enrolment": enrolment.pk, "new_enrolment": new_enrolment},
        )
        audit_log(
            actor=actor,
            action="beneficiary.enrol",
            target=child,
            details={"grant": grant.pk, "enrolment": enrolment.pk, "referral": referral.pk},
        )
        notify(
            recipients=[referral.reporter, *supervisors_of(referral.township)],
            subject=_("转介 %(code)s 已由 %(org)s 接收") % {"code": referral.code, "org": grant.organization.name},
            url=_referral_url(referral),
        )
    return referral


def _child_for(referral: Referral, grant: Grant, name: str, guardian_type: str, school_stage: str) -> Beneficiary:
    attributes = {
        "gender": referral.gender,
        "birth_year": referral.birth_year,
        "birth_month": referral.birth_month,
        "county": referral.county,
        "township": referral.township.name,
        "guardian_type": guardian_type,
        "school_stage": school_stage,
    }
    if referral.id_hash:
        child = Beneficiary.objects.select_for_update().filter(id_hash=referral.id_hash).first()
        if child is None:
            child = Beneficiary.objects.create(id_hash=referral.id_hash, id_masked=referral.id_masked, **attributes)
        child.categories.add(referral.category)
        return child
    child, _created = beneficiary_find_or_create(
        organization=grant.organization,
        no_id_reason=referral.no_id_reason,
        name=name,
        attributes=attributes,
        categories=[referral.category],
    )
    return child


def referral_return(*, referral: Referral, actor, reason: str) -> Referral:
    """The organization cannot take it (outside its capacity or its contract): back to the county officer."""
    reason = (reason or "").strip()
    with transaction.atomic():
        referral = _locked(referral)
        require(actor, "referrals.respond", referral)
        errors: dict[str, list] = {}
        if len(reason) < 4:
            errors["reason"] = [_("请说明退回的原因（至少 4 个字）。")]
        _free_text_errors({"reason": reason}, errors)
        if errors:
            raise ValidationError(errors)
        organization = referral.organization
        referral.status = ReferralStatus.WITH_OFFICER
        referral.grant = referral.organization = None
        referral.accept_due = None
        referral.status_note = reason[:300]
        referral.save()
        audit_log(
            actor=actor,
            action="referral.return",
            target=referral,
            details={"organization": organization.pk, "reason": reason[:300]},
        )
        notify(
            recipients=officers_for_township(referral.township),
            subject=_("转介 %(code)s 被 %(org)s 退回，请重新分派") % {"code": referral.code, "org": organization.name},
            body=reason,
            url=_referral_url(referral),
        )
    return referral


def referral_assign(*, referral: Referral, actor, grant: Grant) -> Referral:
    """An officer sends the referral to a grant's organization (several grants covered it, none did and one was
    found nearby, or the first organization did not answer in time)."""
    with transaction.atomic():
        referral = _locked(referral)
        require(actor, "referrals.assign", referral)
        grant = Grant.objects.select_related("organization").get(pk=grant.pk)
        if conflict_of_interest(actor, grant.organization):
            # Sending a child (and the work the grant pays for) to an organization is a decision for it.
            raise ValidationError(
                {
                    "grant": [
                        _(
                            "利益冲突：您是（或 %(days)s 天内曾是）“%(organization)s”的成员，"
                            "不能把转介分派给该组织，请由其他项目官员办理。"
                        )
                        % {"days": settings.CONFLICT_OF_INTEREST_DAYS, "organization": grant.organization.name}
                    ]
                }
            )
        if not grant.is_active:
            raise ValidationError({"grant": [_("所选项目不在执行中。")]})
        if not referral.township.path.startswith(grant.issuing_region.path) and not (
            grant.service_regions.filter(pk__in=[referral.township_id, referral.county_id]).exists()
        ):
            raise ValidationError({"grant": [_("所选项目的发包地区和服务区域都不包含该乡镇。")]})
        previous = referral.organization_id
        # The outcome of the first routing stays: a gap (no covering grant) is still counted as one.
        _route_to(referral, grant, referral.route_outcome)
        referral.status_note = ""
        referral.save()
        audit_log(
            actor=actor,
            action="referral.assign",
            target=referral,
            details={"grant": grant.pk, "previous_organization": previous},
        )
        _notify_routed(referral)
    return referral


def referral_close(*, referral: Referral, actor, reason: str) -> Referral:
    """An officer closes a referral nobody on the platform can take (handled by the bureau or another agency)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        referral = _locked(referral)
        require(actor, "referrals.assign", referral)
        errors: dict[str, list] = {}
        if len(reason) < 4:
            errors["reason"] = [_("请说明如何处理（至少 4 个字），报告人会看到。")]
        _free_text_errors({"reason": reason}, errors)
        if errors:
            raise ValidationError(errors)
        referral.status = ReferralStatus.CLOSED
        referral.grant = referral.organization = None
        referral.accept_due = None
        referral.status_note = reason[:300]
        referral.save()
        audit_log(actor=actor, action="referral.close", target=referral, details={"reason": reason[:300]})
        notify(
            recipients=[referral.reporter],
            subject=_("转介 %(code)s 已由民政部门处理") % {"code": referral.code},
            body=reason,
            url=_referral_url(referral),
        )
    return referral


def referrals_remind_overdue(*, today=None) -> int:
    """Remind the county officers of each referral its organization has not answered by the due date. Idempotent:
    one reminder per referral and due date (a notification dedup key), however often it runs. Returns how many
    referrals were reminded about now."""
    today = today or timezone.localdate()
    reminded = 0
    overdue = Referral.objects.filter(status=ReferralStatus.ROUTED, accept_due__lt=today).select_related(
        "township", "organization"
    )
    for referral in overdue.iterator():
        with transaction.atomic():
            sent = notify(
                recipients=officers_for_township(referral.township),
                subject=_("转介 %(code)s 逾期未接收：%(org)s")
                % {"code": referral.code, "org": referral.organization.name},
                body=_("接收期限为 %(due)s。请联系承接组织，或改派其他组织。")
                % {"due": referral.accept_due.isoformat()},
                url=_referral_url(referral),
                dedup_key=f"referral-overdue-{referral.pk}-{referral.accept_due.isoformat()}",
            )
        reminded += 1 if sent else 0
    return reminded


def referral_open(*, referral: Referral, actor) -> None:
    """Record that ``actor`` opened a referral about a child (the reporter reading their own report is not
    recorded: it holds nothing they did not enter)."""
    with transaction.atomic():
        require(actor, "referrals.view", referral)
        if referral.reporter_id != actor.pk:
            audit_log(actor=actor, action="referral.view", target=referral)
