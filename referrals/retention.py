"""What referrals hold about a child, for the children's data lifecycle in ``delivery.services.retention`` (delivery
sits below referrals, so referrals registers these in ``ReferralsConfig.ready``):

- a child with an open referral (waiting for an organization or the officer) is not anonymised;
- anonymising a child empties its referrals' name, ID hash and mask, reason, village and description (need,
  urgency, township, dates and routing stay: they are the coverage figures);
- a guardian's export lists the child's referrals.
"""

from django.db.models import Exists, OuterRef

from .models import Referral


def keep_children_with_open_referrals(queryset):
    return queryset.exclude(Exists(Referral.objects.open().filter(beneficiary=OuterRef("pk"))))


def anonymise_referrals(beneficiary_ids) -> dict:
    rows = Referral.objects.filter(beneficiary_id__in=beneficiary_ids).exclude(
        child_name="", id_hash="", id_masked="", no_id_reason="", village="", description=""
    )
    return {
        "referrals": rows.update(child_name="", id_hash="", id_masked="", no_id_reason="", village="", description="")
    }


def export_referrals(beneficiary) -> dict:
    referrals = Referral.objects.filter(beneficiary=beneficiary).select_related("township", "organization")
    return {
        "referrals": [
            {
                "报告时间": referral.created_at.isoformat(),
                "儿童姓名": referral.child_name,
                "身份证号（脱敏）": referral.id_masked,
                "乡镇街道": referral.township.name,
                "村（社区）": referral.village,
                "需求": referral.get_need_display(),
                "紧急程度": referral.get_urgency_display(),
                "情况说明": referral.description,
                "状态": referral.get_status_display(),
                "承接组织": referral.organization.name if referral.organization_id else "",
            }
            for referral in referrals.order_by("created_at")
        ]
    }
