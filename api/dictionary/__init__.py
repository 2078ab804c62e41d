"""The field dictionary of the open data: see ``base``."""

from .base import Field
from .calls import CALL_FIELDS
from .grants import GRANT_FIELDS
from .organizations import ORGANIZATION_FIELDS
from .stats import STATS_FIELDS

__all__ = [
    "CALL_FIELDS",
    "DATASETS",
    "DICTIONARY_FIELDS",
    "GRANT_FIELDS",
    "ORGANIZATION_FIELDS",
    "STATS_FIELDS",
    "Field",
    "dictionary_rows",
]

DATASETS = {
    "calls": CALL_FIELDS,
    "grants": GRANT_FIELDS,
    "organizations": ORGANIZATION_FIELDS,
    **{f"stats_{name}": fields for name, fields in STATS_FIELDS.items()},
}


def dictionary_rows() -> list[dict]:
    """Every field of every dataset, one row each (what ``/api/v1/fields/`` serves)."""
    return [{"dataset": dataset, **field.describe()} for dataset, fields in DATASETS.items() for field in fields]


DICTIONARY_FIELDS = [
    Field("dataset", "dataset", "数据集", "Dataset", "字段所属的数据集。", "Dataset the field belongs to."),
    Field("key", "key", "列名", "Column", "CSV/xlsx 中的列名。", "Column name in CSV and xlsx."),
    Field(
        "json_path", "json_path", "JSON 路径", "JSON path", "该值在 JSON 中的位置。", "Where the value is in the JSON."
    ),
    Field(
        "type",
        "type",
        "类型",
        "Type",
        "string、integer、decimal、date、datetime、boolean 或 count（人数，可能为“<5”）。",
        'string, integer, decimal, date, datetime, boolean or count (a number or "<5").',
    ),
    Field("name_zh", "name_zh", "中文名称", "Chinese name", "字段的中文名称。", "Name in Chinese."),
    Field("name_en", "name_en", "英文名称", "English name", "字段的英文名称。", "Name in English."),
    Field("meaning_zh", "meaning_zh", "中文说明", "Meaning (Chinese)", "字段含义（中文）。", "Meaning in Chinese."),
    Field("meaning_en", "meaning_en", "英文说明", "Meaning (English)", "字段含义（英文）。", "Meaning in English."),
    Field(
        "giving360",
        "giving360",
        "360Giving 对应字段",
        "360Giving field",
        "360Giving 标准中最接近的字段。",
        "Nearest field of the 360Giving standard.",
    ),
]
