"""Files whose shape is wrong: a header without rows, a row wider than its header."""

from __future__ import annotations

import pytest

from server.imports.errors import ImportFileError
from tests.unit.server.imports.helpers import Office, statuses


@pytest.mark.parametrize(
    "data",
    [
        "客户名称,电话,区域\r\n".encode("gb18030"),
        "\ufeffname,phone,territory\r\n,,\r\n".encode(),
        b"[]",
    ],
    ids=["header only", "header and a blank row", "an empty JSON list"],
)
def test_a_file_without_rows_says_so_instead_of_reporting_success(
    office: Office, data: bytes
) -> None:
    position = office.feed_position()

    with pytest.raises(ImportFileError, match="nothing to import"):
        office.run("account", data, dry_run=True)

    assert office.feed_position() == position


def test_a_row_wider_than_its_header_is_rejected_naming_its_row_and_column(
    office: Office,
) -> None:
    """An address whose comma lost its quotes would shift the territory into a new column."""
    data = (
        b"name,address,territory\n"
        b"Acme,12 Rue X, Paris,north\n"
        b'Globex,"1 Main St, Springfield",north\n'
    )

    report = office.run("account", data, dry_run=True)

    assert statuses(report) == [(2, "rejected"), (3, "created")]
    assert report.rows[0].reason == (
        "Row 2 has a value in column 4 but the header names 3 columns; a cell with a comma or "
        "semicolon may have lost its quotes."
    )
    assert report.rows[0].name == "Acme"
