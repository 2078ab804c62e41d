"""What every import kind shares: its columns (declared once, for the template, the reader and the error workbook),
row-level errors, references to enrolled children, and the row key that makes an import idempotent."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import normalise_id_number

from ...identity import id_number_hash
from ...models import Enrolment
from ..parsing import CellError, compact, is_empty

# A child's file number (档案号, ``Beneficiary.code``): refers to a child without showing an ID number.
_FILE_NUMBER = re.compile(r"^C(\d{7})$")
# Anything that looks like an ID number is masked before it reaches an error message, even when echoed by a parser.
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]")
_REFERENCE_SEPARATORS = re.compile(r"[、,，;；\s]+")
# ``json.dumps(parts, ensure_ascii=False, default=str)`` without building an encoder per row (keys already stored
# must not change).
_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


@dataclass(frozen=True)
class Column:
    """One template column: ``key`` in code, ``header`` in the sheet, what to fill in, an example value."""

    key: str
    header: str
    required: bool
    expected: str
    example: Any = ""
    aliases: tuple[str, ...] = ()
    width: int = 14
    # Name of the drop-down list the template offers (see ``KindSpec.options``); None: free entry.
    options: str | None = None
    # The column holds an ID number or a name: the template formats it as text.
    is_text: bool = False


@dataclass
class RowProblems:
    """The problems of one row: (column header, message)."""

    number: int
    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, column: Column | str, message) -> None:
        header = column.header if isinstance(column, Column) else column
        self.problems.append((header, _ID_LIKE.sub(lambda m: m.group(0)[:3] + "…", str(message))))

    def __bool__(self) -> bool:
        return bool(self.problems)


def read_cell(problems: RowProblems, column: Column, raw, parse: Callable, *, required: bool | None = None):
    """Parse one cell, recording a problem (and returning None) instead of raising. Empty optional cells -> None."""
    required = column.required if required is None else required
    if is_empty(raw):
        if required:
            problems.add(column, _("必填，不能为空：%(expected)s。") % {"expected": column.expected})
        return None
    try:
        return parse(raw)
    except CellError as error:
        problems.add(column, error)
        return None


def row_key(*parts) -> str:
    """sha256 of a row's normalised, typed content: the same row uploaded again (in any file) has the same key."""
    return hashlib.sha256(_KEY_ENCODER.encode(parts).encode()).hexdigest()


def clear_id_number(problems: RowProblems, column: Column, raw) -> str | None:
    """A national ID number from a cell, validated (GB 11643); never echoed back in a message."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # Excel keeps 15 significant digits: an 18-digit number typed into a number cell has already lost its end.
        problems.add(column, _("身份证号码被存成了数字，后几位已丢失。请把该列设为“文本”格式后重新填写。"))
        return None
    try:
        return normalise_id_number(compact(raw).upper())
    except ValidationError as error:
        for message in error.messages:
            problems.add(column, message)
        return None


class EnrolledChildren:
    """The children enrolled on one grant, found by ID number (through its keyed hash) or by file number.

    A child who is not enrolled here gets the same answer whether or not the platform knows the child elsewhere:
    an upload must not reveal another organization's children."""

    def __init__(self, grant):
        self._by_hash: dict[str, int] = {}
        self._ids: set[int] = set()
        for beneficiary_id, id_hash in Enrolment.objects.filter(grant=grant).values_list(
            "beneficiary_id", "beneficiary__id_hash"
        ):
            self._ids.add(beneficiary_id)
            if id_hash:
                self._by_hash[id_hash] = beneficiary_id

    def find(self, problems: RowProblems, column: Column, raw) -> int | None:
        """The beneficiary id of the child in this cell (ID number or file number), or None with a problem."""
        value = compact(raw).upper() if isinstance(raw, str) else raw
        match = _FILE_NUMBER.match(value) if isinstance(value, str) else None
        if match:
            beneficiary_id = int(match.group(1))
        else:
            number = clear_id_number(problems, column, raw)
            if number is None:
                return None
            beneficiary_id = self._by_hash.get(id_number_hash(number))
        if beneficiary_id is None or beneficiary_id not in self._ids:
            problems.add(
                column,
                _("该儿童不是本项目登记的服务对象。请先在“服务对象”模板中登记该儿童，或核对身份证号码/档案号。"),
            )
            return None
        return beneficiary_id

    def find_many(self, problems: RowProblems, column: Column, raw) -> list[int]:
        """Several children in one cell, separated by 、 , ; or spaces."""
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            parts = [raw]
        else:
            parts = [part for part in _REFERENCE_SEPARATORS.split(str(raw or "")) if part]
        found = []
        for position, part in enumerate(parts, start=1):
            before = len(problems.problems)
            beneficiary_id = self.find(problems, column, part)
            if len(problems.problems) > before and len(parts) > 1:
                header, message = problems.problems[-1]
                problems.problems[-1] = (
                    header,
                    _("第 %(position)s 个：%(message)s") % {"position": position, "message": message},
                )
            if beneficiary_id is not None and beneficiary_id not in found:
                found.append(beneficiary_id)
        return found


class KindSpec:
    """One import kind: its columns, the drop-down options for a grant, and row validation.

    Subclasses set ``kind``, ``title``, ``columns`` and implement ``options`` (list name -> labels for the
    template), ``context`` (lookups built once per import) and ``validate`` (one row -> typed row or problems)."""

    kind: str
    title: str
    columns: list[Column]

    def headers(self) -> dict[str, list[str]]:
        return {column.key: [column.header, *column.aliases] for column in self.columns}

    def required(self) -> set[str]:
        return {column.key for column in self.columns if column.required}

    def column(self, key: str) -> Column:
        by_key = self.__dict__.get("_by_key")
        if by_key is None:  # called for every cell of an import: a dictionary, built once
            by_key = self.__dict__["_by_key"] = {column.key: column for column in self.columns}
        return by_key[key]

    def options(self, grant) -> dict[str, list[str]]:
        raise NotImplementedError

    def context(self, grant):
        raise NotImplementedError

    def validate(self, context, number: int, cells: dict[str, Any], problems: RowProblems):
        raise NotImplementedError

    def example_row(self, grant) -> list:
        return [column.example for column in self.columns]

    def chunk_done(self, context) -> None:
        """After a chunk of rows is written: forget what only served to compare rows within the chunk (the import
        finds a repeat of an earlier chunk's row among the rows it wrote)."""

    def duplicate_message(self, row: int | str) -> str:
        return _("与第 %(row)s 行内容完全相同，请只保留一行。") % {"row": row}
