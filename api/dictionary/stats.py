"""The fields of the tables of /api/v1/stats/."""

from .base import Field

_CHILDREN_MEANING = (
    "服务儿童人数；1–4 显示为“<5”，同表另有一格一并隐去，使合计无法推算。",
    'Children served; 1 to 4 shows as "<5", and one more cell of the table is hidden with it '
    "so that no total reveals it.",
)


def _stats_fields(key_zh: str, key_en: str, *, money: bool = True, children: str = "") -> list[Field]:
    fields = [
        Field("key", "key", f"{key_zh}代码", f"{key_en} code", f"{key_zh}的代码。", f"Code of the {key_en.lower()}."),
        Field("label", "label", key_zh, key_en, f"{key_zh}名称。", f"Name of the {key_en.lower()}."),
    ]
    if money:
        fields += [
            Field("grants", "grants", "项目数", "Grants", "项目合同数。", "Number of grants.", "integer"),
            Field(
                "amount_awarded",
                "amount_awarded",
                "合同金额（元）",
                "Amount awarded (yuan)",
                "合同金额合计。",
                "Sum of the amounts awarded.",
                "decimal",
            ),
            Field(
                "amount_paid",
                "amount_paid",
                "已拨付金额（元）",
                "Amount paid (yuan)",
                "已拨付金额合计。",
                "Sum of the amounts paid.",
                "decimal",
            ),
        ]
    if children:
        fields.append(
            Field(
                "children",
                "children",
                "服务儿童（人）",
                "Children served",
                f"{children}{_CHILDREN_MEANING[0]}",
                _CHILDREN_MEANING[1],
                "count",
            )
        )
    return fields


STATS_FIELDS = {
    "region": _stats_fields("发包市州", "Prefecture"),
    "county": [
        *_stats_fields("县市区", "County", money=False, children="居住在该县市区的"),
        Field(
            "covered",
            "covered",
            "已覆盖",
            "Covered",
            "是否有项目服务该县市区。",
            "Whether a grant serves the county.",
            "boolean",
        ),
    ],
    "year": _stats_fields("年度", "Year", children="当年开始接受服务的"),
    "brand": _stats_fields("品牌项目", "Brand program", children="品牌项目各项目的"),
    "category": _stats_fields("儿童类别", "Child category", money=False, children="该类别的（一名儿童可属多个类别）"),
    "funding_source": _stats_fields("资金来源", "Funding source"),
}
