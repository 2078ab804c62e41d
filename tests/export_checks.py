"""What every export test checks: the download streams, is a real workbook, and its rows; the queries it ran."""

import io
from dataclasses import dataclass

from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.excel import XLSX_MIME

FORMULA = '=HYPERLINK("http://evil.example/","点我")'


@dataclass
class Export:
    header: list
    rows: list[list]
    cells: list  # every cell of every sheet (header included), for data-type checks
    queries: int

    def column(self, name: str) -> list:
        index = self.header.index(name)
        return [row[index] for row in self.rows]

    def texts(self) -> str:
        return "\n".join(str(cell.value) for cell in self.cells if cell.value is not None)


def body(response) -> bytes:
    """The whole body of a download, streamed or not (a ``StreamingHttpResponse`` has no ``content``)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def download(client, url: str) -> Export:
    """GET ``url``, read the whole stream (the queries it runs while streaming are counted too)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert isinstance(response, (StreamingHttpResponse, FileResponse)), f"{url} does not stream"
        assert response["Content-Type"] == XLSX_MIME
        assert response["Content-Disposition"].startswith("attachment;")
        content = body(response)
    workbook = load_workbook(io.BytesIO(content))
    values, cells = [], []
    for sheet in workbook.worksheets:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells.extend(row)
            if number > 1 or not values:
                values.append([cell.value for cell in row])
    return Export(header=values[0], rows=values[1:], cells=cells, queries=len(queries))


def assert_formula_inert(export: Export, text: str = FORMULA) -> None:
    """``text`` is in the export, as text that starts with a quote, never as a formula."""
    matching = [cell for cell in export.cells if isinstance(cell.value, str) and text in cell.value]
    assert matching, f"{text!r} is not in the export"
    for cell in matching:
        assert cell.data_type == "s" and cell.value.startswith("'"), (cell.coordinate, cell.value)
    assert not [cell for cell in export.cells if cell.data_type == "f"]
