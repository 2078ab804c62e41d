"""The field dictionary of the open data (字段说明): every column of every dataset, with its meaning in Chinese and
English, its JSON path and type. The CSV and xlsx downloads take their columns from here (the header row is ``key``),
``/api/v1/fields/`` publishes it, and each xlsx download carries it as a second sheet.

A ``path`` reads a value out of the JSON representation: ``a.b`` is a nested object's field, ``a[].b`` joins the field
of every item of a list with "; ", and ``a[source=fiscal].b`` takes the item whose ``source`` is ``fiscal``.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = ("string", "integer", "decimal", "date", "datetime", "boolean", "count")


@dataclass(frozen=True)
class Field:
    key: str
    path: str
    name_zh: str
    name_en: str
    meaning_zh: str
    meaning_en: str
    type: str = "string"
    giving360: str = ""  # the nearest field of the 360Giving standard, if any

    def read(self, row: dict):
        return _read(row, self.path.split("."))

    def describe(self) -> dict:
        """The field as a row of the field dictionary (``/api/v1/fields/`` and the downloads' 字段说明 sheet)."""
        return {
            "key": self.key,
            "json_path": self.path,
            "type": self.type,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "meaning_zh": self.meaning_zh,
            "meaning_en": self.meaning_en,
            "giving360": self.giving360,
        }


def _read(value, parts: list[str]):
    for index, part in enumerate(parts):
        if value is None:
            return None
        if part.endswith("[]"):
            items = value.get(part[:-2]) or []
            rest = parts[index + 1 :]
            values = [_read(item, rest) if rest else item for item in items]
            return "; ".join(str(v) for v in values if v not in (None, ""))
        if part.endswith("]") and "[" in part:
            name, condition = part[:-1].split("[", 1)
            wanted_key, wanted = condition.split("=", 1)
            value = next((item for item in value.get(name) or [] if str(item.get(wanted_key)) == wanted), None)
            continue
        value = value.get(part)
    return value
