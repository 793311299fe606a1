"""Reading CSV in the encodings and dialects spreadsheets write, and XLSX."""

from __future__ import annotations

import io

import openpyxl
import pytest

from server.imports.readers import ImportFileError, read_table

ROWS = [[2, ["北京科技", "010-1234 5678"]], [3, ["Müller GmbH", None]]]


@pytest.mark.parametrize(
    "data",
    [
        "名称,电话\n北京科技,010-1234 5678\nMüller GmbH,\n".encode(),
        "名称,电话\r\n北京科技,010-1234 5678\r\nMüller GmbH,\r\n".encode("utf-8-sig"),
        "名称;电话\n北京科技;010-1234 5678\nMüller GmbH;\n".encode("gb18030"),
        "名称\t电话\n 北京科技 \t010-1234 5678\nMüller GmbH\t\n".encode("gb18030"),
    ],
    ids=["utf-8", "utf-8 with BOM and CRLF", "GB18030 with semicolons", "tabs and spaces"],
)
def test_csv_in_any_common_encoding_and_delimiter(data: bytes) -> None:
    table = read_table(data)

    assert table.headers == ["名称", "电话"]
    assert [[n, r] for n, r in table.rows] == ROWS


def test_gbk_from_excel_on_chinese_windows() -> None:
    table = read_table("客户名称,城市\n广州华南贸易,广州\n".encode("gbk"))

    assert table.rows == [(2, ["广州华南贸易", "广州"])]


def test_quoted_cells_may_hold_commas_and_line_breaks() -> None:
    table = read_table('name,address\n"甲, 乙","一号\n二号"\n丙,\n'.encode())

    assert table.rows == [(2, ["甲, 乙", "一号\n二号"]), (3, ["丙", None])]


def test_xlsx_cells_become_text() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["name", "phone", "score", None])
    sheet.append(["北京科技", 13800138000, 2.5, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue())

    assert table.headers == ["name", "phone", "score"]
    assert table.rows == [(2, ["北京科技", "13800138000", "2.5"])]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"  \n", "empty"),
        (b"PK\x03\x04not really a workbook", "not a readable XLSX"),
        (b"name,,city\n", "Column 2 of the header row has no name"),
        (b"name,city,name\n", "names a column twice: name"),
        (b"\x80\x81name", "neither UTF-8 nor GBK"),
    ],
)
def test_file_problems_are_one_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ImportFileError, match=words):
        read_table(data)
