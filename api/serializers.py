"""What each record of the open data holds: public facts only. No field about a child or a person: no contact names,
phone numbers or e-mails, no legal representative, no evaluator, no file. The field dictionary (``api.dictionary``)
names each field in Chinese and English."""

from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import RegionLevel
from grants.models import GrantStatus
from programs.models import CallPhase, FundingSource

GRANT_ID_PREFIX = "360G-guanai-"
ORG_ID_PREFIX = "CN-USCC-"  # org-id.guide's list for China's unified social credit code


def grant_identifier(contract_number: str) -> str:
    return f"{GRANT_ID_PREFIX}{contract_number}"


def org_identifier(credit_code: str) -> str:
    return f"{ORG_ID_PREFIX}{credit_code}"


class PublicSerializer(serializers.Serializer):
    def absolute(self, viewname: str, pk: int) -> str:
        """The public page's full address (a download is read away from the site)."""
        path = reverse(viewname, args=[pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class RegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="GB/T 2260 区划代码")
    name = serializers.CharField()


class RegisteredRegionSerializer(RegionSerializer):
    prefecture_code = serializers.CharField(help_text="所属市州代码")


class TermSerializer(serializers.Serializer):
    """A vocabulary term (child category, service type)."""

    code = serializers.CharField()
    name = serializers.CharField()


class BrandSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CallFundingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class CallSerializer(PublicSerializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    issuing_region = RegionSerializer()
    issuing_bureau = serializers.CharField()
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)
    funding_split = serializers.SerializerMethodField()
    total_budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    per_project_cap = serializers.DecimalField(max_digits=14, decimal_places=2)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    phase = serializers.SerializerMethodField()
    brand_program = BrandSerializer(allow_null=True)
    child_categories = TermSerializer(many=True, source="child_categories.all")
    service_types = TermSerializer(many=True, source="service_types.all")
    min_rating = serializers.CharField()
    min_years_registered = serializers.IntegerField()
    is_continuing_service = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_funding_split(self, call) -> CallFundingSerializer(many=True):
        shares = [{"source": share.source, "amount": share.amount} for share in call.funding_shares.all()]
        shares = shares or [{"source": call.funding_source, "amount": call.total_budget}]
        return CallFundingSerializer(shares, many=True).data

    def get_phase(self, call) -> serializers.ChoiceField(choices=CallPhase.choices):
        return call.phase(self.context.get("now"))

    def get_url(self, call) -> str:
        return self.absolute("programs:call_detail", call.pk)


class RecipientSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="CN-USCC-统一社会信用代码")
    name = serializers.CharField()
    credit_code = serializers.CharField()
    url = serializers.CharField(allow_null=True, help_text="社会组织名录中的页面（已认证组织）")


class FunderSerializer(serializers.Serializer):
    name = serializers.CharField()
    region_code = serializers.CharField()
    region_name = serializers.CharField()


class PlannedDatesSerializer(serializers.Serializer):
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class GrantFundingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    amount_awarded = serializers.DecimalField(max_digits=14, decimal_places=2)
    amount_paid = serializers.DecimalField(max_digits=14, decimal_places=2)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="mid_term 中期 / final 末期")
    grade = serializers.CharField(help_text="excellent / good / pass / fail")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    published_on = serializers.DateField()


class GrantSerializer(PublicSerializer):
    """One grant, shaped after the 360Giving standard (identifier, title, currency, amounts, dates, recipient and
    funding organizations, beneficiary locations, grant programme)."""

    identifier = serializers.SerializerMethodField()
    contract_number = serializers.CharField()
    title = serializers.CharField()
    currency = serializers.SerializerMethodField()
    amount_awarded = serializers.DecimalField(max_digits=14, decimal_places=2, source="amount")
    amount_paid = serializers.DecimalField(max_digits=14, decimal_places=2, source="paid_amount")
    award_date = serializers.DateField(source="signed_on")
    planned_dates = serializers.SerializerMethodField()
    recipient_organization = serializers.SerializerMethodField()
    funding_organization = serializers.SerializerMethodField()
    beneficiary_locations = RegionSerializer(many=True, source="served")
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)
    funding_split = serializers.SerializerMethodField()
    grant_programme = serializers.SerializerMethodField()
    brand_program = BrandSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=GrantStatus.choices)
    termination_reason = serializers.SerializerMethodField()
    evaluation_grade = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField()
    continues = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_identifier(self, grant) -> str:
        return grant_identifier(grant.contract_number)

    def get_currency(self, grant) -> str:
        return "CNY"

    def get_planned_dates(self, grant) -> PlannedDatesSerializer:
        return PlannedDatesSerializer({"start_date": grant.start_date, "end_date": grant.end_date}).data

    def get_recipient_organization(self, grant) -> RecipientSerializer:
        organization = grant.organization
        url = self.absolute("organizations:public_detail", organization.pk) if organization.is_verified else None
        data = {
            "id": org_identifier(organization.credit_code),
            "name": organization.name,
            "credit_code": organization.credit_code,
            "url": url,
        }
        return RecipientSerializer(data).data

    def get_funding_organization(self, grant) -> FunderSerializer:
        region = grant.issuing_region
        bureau = "民政厅" if region.level == RegionLevel.PROVINCE else "民政局"
        name = grant.call.issuing_bureau or f"{region.name}{bureau}"
        return FunderSerializer({"name": name, "region_code": region.code, "region_name": region.name}).data

    def get_funding_split(self, grant) -> GrantFundingSerializer(many=True):
        paid = getattr(grant, "paid_by_source", {})
        shares = {share.source: share.amount for share in grant.funding_shares.all()} or {
            grant.funding_source: grant.amount
        }
        rows = [
            {"source": source, "amount_awarded": amount, "amount_paid": paid.get(source, Decimal("0.00"))}
            for source, amount in sorted(shares.items())
        ]
        return GrantFundingSerializer(rows, many=True).data

    def get_grant_programme(self, grant) -> ProgrammeSerializer:
        return ProgrammeSerializer({"id": grant.call_id, "title": grant.call.title}).data

    def get_termination_reason(self, grant) -> str:
        return grant.status_reason if grant.status == GrantStatus.TERMINATED else ""

    def _published(self, grant) -> list:
        return sorted(grant.published, key=lambda evaluation: (evaluation.published_at, evaluation.pk))

    def get_evaluation_grade(self, grant) -> str:
        published = self._published(grant)
        return published[-1].grade if published else ""

    def get_evaluations(self, grant) -> EvaluationSerializer(many=True):
        rows = [
            {
                "kind": evaluation.kind,
                "grade": evaluation.grade,
                "score": evaluation.score,
                "published_on": evaluation.published_at.date(),
            }
            for evaluation in self._published(grant)
        ]
        return EvaluationSerializer(rows, many=True).data

    def get_continues(self, grant) -> str:
        return grant_identifier(grant.continues.contract_number) if grant.continues_id else ""

    def get_url(self, grant) -> str:
        return self.absolute("grants:public_project_detail", grant.pk)


class OrganizationSerializer(PublicSerializer):
    """What the public directory shows of a verified organization (no person: no legal representative, address,
    phone or e-mail)."""

    identifier = serializers.SerializerMethodField()
    name = serializers.CharField()
    credit_code = serializers.CharField()
    org_type = serializers.CharField(help_text="association / social_service_agency / foundation")
    registration_region = RegisteredRegionSerializer()
    rating = serializers.CharField()
    rating_expires_on = serializers.DateField(allow_null=True)
    service_regions = RegionSerializer(many=True, source="service_regions.all")
    child_categories = TermSerializer(many=True, source="child_categories.all")
    service_types = TermSerializer(many=True, source="service_types.all")
    introduction = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_identifier(self, organization) -> str:
        return org_identifier(organization.credit_code)

    def get_url(self, organization) -> str:
        return self.absolute("organizations:public_detail", organization.pk)


@extend_schema_field({"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "enum": ["<5"]}]})
class ChildCountField(serializers.Field):
    """A count of children as ``core.disclosure`` lets it out: a whole number, or the string "<5"."""

    def to_representation(self, value):
        return value


class StatsRowSerializer(serializers.Serializer):
    """One row of a stats table; a table has only the columns its dimension carries (see the field dictionary)."""

    key = serializers.CharField()
    label = serializers.CharField()
    grants = serializers.IntegerField(required=False)
    amount_awarded = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    amount_paid = serializers.DecimalField(max_digits=16, decimal_places=2, required=False)
    children = ChildCountField(required=False, help_text='服务儿童人数（整数），或 "<5"')
    covered = serializers.BooleanField(required=False)


class StatsTableSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    rows = StatsRowSerializer(many=True)


class FieldSerializer(serializers.Serializer):
    dataset = serializers.CharField()
    key = serializers.CharField()
    json_path = serializers.CharField()
    type = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    meaning_zh = serializers.CharField()
    meaning_en = serializers.CharField()
    giving360 = serializers.CharField()
