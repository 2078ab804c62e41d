"""Children (服务对象) from Excel: one row enrols one child on the grant, finding the child's existing file by the
keyed hash of the ID number (platform-wide) or, without an ID, by name and birth within this organization."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import ChildCategory, Region

from ...identity import id_number_facts, id_number_hash, normalise_name
from ...models import ConsentBy, Gender, GuardianType, ImportKind, SchoolStage
from ...validation import birth_error, consent_date_error, county_error, digits_error
from ..parsing import CellError, Choices, choice_key, is_empty, parse_date, parse_year_month, text
from .base import Column, KindSpec, RowProblems, clear_id_number, read_cell


@dataclass
class ChildRow:
    number: int
    # The clear number lives only in memory between validation and the write, which hashes and masks it.
    id_number: str
    no_id_reason: str
    name: str
    attributes: dict
    category_ids: list[int]
    consent_date: datetime.date
    consent_by: str


class Counties:
    """Counties by name or GB/T 2260 code; a name shared by two counties must be given with its code."""

    def __init__(self):
        self._by_key: dict[str, list] = {}
        for county in Region.objects.counties():
            self._by_key.setdefault(choice_key(county.name), []).append(county)
            self._by_key.setdefault(choice_key(county.code), []).append(county)

    def parse(self, value):
        key = choice_key(value)
        for separator in ("(", "（"):
            if separator in key:  # "江岸区(420102)"
                key = key.split(separator, 1)[1].rstrip(")）")
        found = self._by_key.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(_("有多个同名的县市区，请填写 6 位区划代码。"))
        raise CellError(_("不是湖北省的县市区名称或区划代码，请从下拉列表中选择。"))


def offered_counties(grant):
    """The counties a template offers: those in the grant's service regions, else under the issuing region."""
    counties = Region.objects.counties()
    selected = counties.none()
    for region in grant.service_regions.all():
        selected = selected | counties.subtree(region)
    if not selected.exists():
        selected = counties.subtree(grant.issuing_region)
    return selected.order_by("path")


class _Context:
    def __init__(self, grant):
        self.grant = grant
        self.today = timezone.localdate()
        self.categories = Choices((c, c.name) for c in ChildCategory.objects.active())
        self.genders = Choices(Gender.choices)
        self.guardians = Choices(GuardianType.choices)
        self.stages = Choices(SchoolStage.choices)
        self.consent_by = Choices(ConsentBy.choices)
        self.counties = Counties()
        self.seen: dict[object, int] = {}


class ChildSpec(KindSpec):
    kind = ImportKind.CHILDREN
    title = gettext_lazy("服务对象")
    columns = [
        Column(
            "name", "姓名", False, gettext_lazy("儿童姓名（仅本组织可见）；无身份证号码时必填"), "张小明", is_text=True
        ),
        Column(
            "id_number",
            "身份证号码",
            False,
            gettext_lazy("18 位身份证号码，请设为文本格式；没有时留空并填写原因"),
            "",
            width=22,
            is_text=True,
        ),
        Column(
            "no_id_reason",
            "无身份证号原因",
            False,
            gettext_lazy("没有身份证号码时必填，如“未落户”"),
            "",
            width=18,
            is_text=True,
        ),
        Column(
            "gender", "性别", False, gettext_lazy("男或女；有身份证号码时可留空（按号码判断）"), "", options="genders"
        ),
        Column(
            "birth", "出生年月", False, gettext_lazy("如 2014-05 或 2014年5月；有身份证号码时可留空"), "", is_text=True
        ),
        Column(
            "categories",
            "儿童类别",
            True,
            gettext_lazy("从下拉列表选择；多项用“、”分隔"),
            "农村留守儿童",
            width=20,
            options="categories",
        ),
        Column(
            "county",
            "县市区",
            True,
            gettext_lazy("儿童户籍或居住地所在县市区（名称或 6 位区划代码）"),
            "",
            options="counties",
        ),
        Column("township", "乡镇街道", False, gettext_lazy("所在乡镇街道"), "", is_text=True),
        Column(
            "guardian_type",
            "监护类型",
            True,
            gettext_lazy("父母、祖父母、其他亲属、受委托照护人或福利机构"),
            "祖父母",
            options="guardian_types",
        ),
        Column(
            "school_stage",
            "就学阶段",
            True,
            gettext_lazy("学前、小学、初中、高中、中职或未在学"),
            "小学",
            options="school_stages",
        ),
        Column(
            "consent_date",
            "知情同意日期",
            True,
            gettext_lazy("监护人签署知情同意书的日期，如 2025-03-01"),
            "2025-03-01",
            width=16,
        ),
        Column(
            "consent_by",
            "同意人",
            True,
            gettext_lazy("父亲、母亲、祖父母、其他亲属、受委托照护人或福利机构"),
            "祖父母",
            options="consent_by",
        ),
    ]

    def options(self, grant) -> dict[str, list[str]]:
        return {
            "genders": [str(label) for _v, label in Gender.choices],
            "categories": list(ChildCategory.objects.active().values_list("name", flat=True)),
            "counties": list(offered_counties(grant).values_list("name", flat=True)),
            "guardian_types": [str(label) for _v, label in GuardianType.choices],
            "school_stages": [str(label) for _v, label in SchoolStage.choices],
            "consent_by": [str(label) for _v, label in ConsentBy.choices],
        }

    def example_row(self, grant) -> list:
        county = offered_counties(grant).first()
        example = {
            "name": "张小明",
            "no_id_reason": "示例行：上传前请删除（无身份证号的儿童填写原因）",
            "gender": "男",
            "birth": "2014-05",
            "categories": "农村留守儿童",
            "county": county.name if county else "",
            "township": "",
            "guardian_type": "祖父母",
            "school_stage": "小学",
            "consent_date": timezone.localdate().isoformat(),
            "consent_by": "祖父母",
        }
        return [example.get(column.key, "") for column in self.columns]

    def context(self, grant):
        return _Context(grant)

    def validate(self, context: _Context, number: int, cells: dict, problems: RowProblems):
        col = self.column
        name = self._text(problems, col("name"), cells.get("name"), 50)
        reason = self._text(problems, col("no_id_reason"), cells.get("no_id_reason"), 200)
        gender = read_cell(problems, col("gender"), cells.get("gender"), context.genders.parse)
        birth = read_cell(problems, col("birth"), cells.get("birth"), parse_year_month)
        number_value = None
        if is_empty(cells.get("id_number")):
            if not reason:
                problems.add(
                    col("id_number"),
                    _("请填写身份证号码；没有身份证号码（如未落户）时请在“无身份证号原因”列写明原因。"),
                )
            if not name:
                problems.add(col("name"), _("没有身份证号码的儿童须填写姓名，以便在本组织内识别同一名儿童。"))
            if gender is None:
                problems.add(col("gender"), _("没有身份证号码时必填：男或女。"))
            if birth is None:
                problems.add(col("birth"), _("没有身份证号码时必填：出生年月，如 2014-05。"))
            elif message := birth_error(*birth, today=context.today):
                problems.add(col("birth"), message)
        else:
            number_value = clear_id_number(problems, col("id_number"), cells.get("id_number"))
            if number_value is not None:
                facts = id_number_facts(number_value)
                if gender is not None and gender != facts["gender"]:
                    problems.add(col("gender"), _("性别与身份证号码不一致。"))
                if birth is not None and birth != (facts["birth_year"], facts["birth_month"]):
                    problems.add(col("birth"), _("出生年月与身份证号码不一致。"))
                gender, birth = facts["gender"], (facts["birth_year"], facts["birth_month"])
                if message := birth_error(*birth, today=context.today):
                    problems.add(col("id_number"), message)
        categories = read_cell(problems, col("categories"), cells.get("categories"), context.categories.parse_many)
        county = read_cell(problems, col("county"), cells.get("county"), context.counties.parse)
        if county is not None and (message := county_error(county)):
            problems.add(col("county"), message)
        township = self._text(problems, col("township"), cells.get("township"), 50)
        guardian = read_cell(problems, col("guardian_type"), cells.get("guardian_type"), context.guardians.parse)
        stage = read_cell(problems, col("school_stage"), cells.get("school_stage"), context.stages.parse)
        consent_date = read_cell(problems, col("consent_date"), cells.get("consent_date"), parse_date)
        if consent_date is not None and (message := consent_date_error(consent_date, today=context.today)):
            problems.add(col("consent_date"), message)
        consent_by = read_cell(problems, col("consent_by"), cells.get("consent_by"), context.consent_by.parse)
        if problems:
            return None
        identity = (
            id_number_hash(number_value) if number_value else ("no-id", normalise_name(name), gender, birth, county.pk)
        )
        if identity in context.seen:
            problems.add(_("整行"), _("与第 %(row)s 行是同一名儿童，请只保留一行。") % {"row": context.seen[identity]})
            return None
        context.seen[identity] = number
        return ChildRow(
            number=number,
            id_number=number_value or "",
            no_id_reason="" if number_value else reason,
            name=name,
            attributes={
                "gender": gender,
                "birth_year": birth[0],
                "birth_month": birth[1],
                "county": county,
                "township": township,
                "guardian_type": guardian,
                "school_stage": stage,
            },
            category_ids=[category.pk for category in categories],
            consent_date=consent_date,
            consent_by=consent_by,
        )

    def _text(self, problems, column, raw, max_length):
        value = read_cell(problems, column, raw, lambda v: text(v, max_length=max_length)) or ""
        if message := digits_error(value):
            problems.add(column, message)
            return ""
        return value
