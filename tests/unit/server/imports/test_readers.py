"""Reading the CSV files spreadsheets write (any common encoding, dialect and quoting), XLSX and
JSON into a header and rows of text."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from server.imports.errors import ImportFileError
from server.imports.readers import MAX_COLUMNS, MAX_ROWS, read_table

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


# --- the same rows as Excel, LibreOffice and Google Sheets save them -------------------------

# Rows every encoding below can hold (Windows-1252 has no Chinese): quotes, a comma in a quoted
# address, a line break in a note, accents, the euro sign and typographic quotes.
SAME_ROWS = [
    ["name", "address", "territory", "note"],
    ['Café "Le Petit"', "12 Rue de Rivoli, Paris", "west", "Ask for Zoë"],
    ["Müller & Söhne GmbH", "Königsallee 1, 40212 Düsseldorf", "west", "Line one\nline two"],
    ["Señor Núñez", "Calle Mayor 3", "south", "“VIP”, pays 5 000 € – cash"],
    ["Ærøskøbing Fiskeri", "", "north", ""],
]


def as_csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\r\n") -> str:
    """Rows as Excel writes them: cells with the delimiter, a quote or a line break in quotes,
    quotes doubled."""

    def cell(text: str) -> str:
        if any(c in text for c in (delimiter, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join(delimiter.join(cell(c) for c in row) + newline for row in rows)


def expected_table(rows: list[list[str]]) -> tuple[list[str], list[tuple[int, list]]]:
    return rows[0], [(n, [c or None for c in row]) for n, row in enumerate(rows[1:], 2)]


@pytest.mark.parametrize(
    "data",
    [
        as_csv(SAME_ROWS).encode("utf-8-sig"),
        as_csv(SAME_ROWS, newline="\n").encode("utf-8"),
        as_csv(SAME_ROWS, delimiter="\t").encode("utf-16"),  # Excel's "Unicode text"
        b"\xfe\xff" + as_csv(SAME_ROWS).encode("utf-16-be"),
        b"\xff\xfe" + as_csv(SAME_ROWS, delimiter=";").encode("utf-16-le"),
        as_csv(SAME_ROWS).encode("gb18030"),
        as_csv(SAME_ROWS, delimiter=";").encode("cp1252"),  # Excel on a German Windows
        as_csv(SAME_ROWS).encode("cp1252"),
    ],
    ids=[
        "UTF-8 with BOM",
        "UTF-8 (Google Sheets, LibreOffice)",
        "UTF-16 LE with tabs",
        "UTF-16 BE",
        "UTF-16 LE with semicolons",
        "GB18030",
        "Windows-1252 with semicolons",
        "Windows-1252",
    ],
)
def test_the_same_rows_read_the_same_in_every_encoding_a_spreadsheet_saves(data: bytes) -> None:
    table = read_table(data)

    assert (table.headers, table.rows) == expected_table(SAME_ROWS)


def test_doubled_quotes_read_back_as_one_quote_however_often_they_travel() -> None:
    """The sniffer read the header line alone and then lost `""` escaping, so `Café "Le Petit"`
    grew a quote on every round trip."""
    data = 'name,note\n"Café ""Le Petit""","He said ""hi"", then left"\n'.encode()

    table = read_table(data)

    assert table.rows == [(2, ['Café "Le Petit"', 'He said "hi", then left'])]


def test_a_quoted_address_with_a_comma_does_not_shift_the_columns() -> None:
    """Judged from the header alone, this file is semicolon-separated; the rows say comma."""
    data = (
        b"name;short,address,territory\n"
        b'Acme,"12 Rue X, Paris",west\n'
        b'Globex,"1 Main St, Springfield",north\n'
    )

    table = read_table(data)

    assert table.headers == ["name;short", "address", "territory"]
    assert table.rows == [
        (2, ["Acme", "12 Rue X, Paris", "west"]),
        (3, ["Globex", "1 Main St, Springfield", "north"]),
    ]


def test_a_semicolon_file_with_decimal_commas_is_read_by_semicolons() -> None:
    data = "name;price;city\nA;1,5;Düsseldorf\nB;2,25;Wien\n".encode("cp1252")

    table = read_table(data)

    assert table.rows == [(2, ["A", "1,5", "Düsseldorf"]), (3, ["B", "2,25", "Wien"])]


def test_rows_are_numbered_as_the_spreadsheet_shows_them() -> None:
    data = b'name,note\nA,"one\ntwo\nthree"\n,\nB,\n'

    table = read_table(data)

    assert [number for number, _ in table.rows] == [2, 4]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("名称,城市\nK?hler,北京\n".encode("gbk"), "GB18030"),
        ("name,city\nJos? N??ez,Málaga\n".encode("cp1252"), "Windows-1252"),
        (b"name,city\nK?hler,Berlin\n", "ASCII"),
        ("name,city\nKöhler,Berlin\n".encode("utf-8-sig"), None),
        ("name,city\nKöhler,Berlin\n".encode(), None),
        ("name,city\nKöhler,Berlin\n".encode("utf-16"), None),
    ],
)
def test_the_table_says_whether_its_encoding_could_hold_every_letter(
    data: bytes, encoding: str | None
) -> None:
    assert read_table(data).lossy_encoding == encoding


# --- XLSX ---------------------------------------------------------------------------------


def workbook_bytes(*rows: list[object]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook `data` with its part `name` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return out.getvalue()


SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("xl/worksheets/sheet1.xml", b"<not xml"),
        ("xl/workbook.xml", b"<not xml"),
        ("xl/styles.xml", b"<not xml"),
        ("xl/worksheets/sheet1.xml",
         SHEET + b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData>'
         b"</worksheet>"),
        ("xl/worksheets/sheet1.xml",
         SHEET + b'<sheetData><row r="1"><c r="ZZZZZ1"><v>1</v></c></row></sheetData>'
         b"</worksheet>"),
    ],
    ids=["sheet not XML", "workbook not XML", "styles not XML", "no such shared string",
         "no such column"],
)  # fmt: skip
def test_a_damaged_workbook_is_one_sentence(name: str, content: bytes) -> None:
    data = with_part(workbook_bytes(["name"], ["北京科技"]), name, content)

    with pytest.raises(ImportFileError, match="not a readable XLSX workbook"):
        read_table(data)


def test_xlsx_cells_become_text() -> None:
    data = workbook_bytes(["name", "phone", "score", None], ["北京科技", 13800138000, 2.5, None])

    table = read_table(data)

    assert table.headers == ["name", "phone", "score"]
    assert table.rows == [(2, ["北京科技", "13800138000", "2.5"])]
    assert table.lossy_encoding is None


# --- JSON ---------------------------------------------------------------------------------


def test_json_records_become_rows_numbered_from_one() -> None:
    records = [
        {"id": "x", "name": '  Café "Le Petit" ', "phone": None, "done": False},
        {"name": "北京科技", "tier": 2, "city": ""},
    ]

    table = read_table(json.dumps(records, ensure_ascii=False).encode())

    assert table.headers == ["id", "name", "phone", "done", "tier", "city"]
    assert table.rows == [
        (1, ["x", '  Café "Le Petit" ', None, "false", None, None]),
        (2, [None, "北京科技", None, None, "2", None]),
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"[1, 2]", "Record 1 of the JSON file is not an object"),
        (b'[{"name": ["a"]}]', 'Record 1: "name" holds a list or an object'),
        (b'[{"name": "a"', "not valid JSON"),
        (b'{"name": "a"}', "a JSON list of records"),
        (b"[]", "no records"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_json_problems_are_one_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ImportFileError, match=words):
        read_table(data)


# --- problems of the whole file -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"  \n", "empty"),
        (b"PK\x03\x04not really a workbook", "not a readable XLSX"),
        (b"name,,city\n", "Column 2 of the header row has no name"),
        (b"name,city,name\n", "names a column twice: name"),
        (b"\x80\x81name", "not in an encoding Fieldbook reads"),
        (b"name,city\n", "no data rows"),
        (b'name,note\nA,"never closed\nB,x\n', "Row 2 is not readable as CSV: unexpected end"),
        (b'name,note\nA,"closed" too early\n', "Row 2 is not readable as CSV: ',' expected"),
        (b"name,city\n,\n , \n", "no data rows"),
        ("name,city\r\n".encode("utf-16"), "no data rows"),
        (workbook_bytes(["name", "city"]), "no data rows"),
    ],
)
def test_file_problems_are_one_sentence(data: bytes, words: str) -> None:
    with pytest.raises(ImportFileError, match=words):
        read_table(data)


def test_a_row_wider_than_the_limit_names_its_row() -> None:
    data = ("name\n" + "A\n" + "B" + "," * MAX_COLUMNS + "x\n").encode()

    with pytest.raises(ImportFileError, match=f"Row 3 has a value in column {MAX_COLUMNS + 1:,}"):
        read_table(data)


def test_a_file_longer_than_the_limit_says_so() -> None:
    data = ("name\n" + "A\n" * (MAX_ROWS - 1)).encode()
    assert len(read_table(data).rows) == MAX_ROWS - 1

    with pytest.raises(ImportFileError, match=f"more than {MAX_ROWS:,} rows"):
        read_table(data + b"B\n")
