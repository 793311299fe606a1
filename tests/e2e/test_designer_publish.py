"""A manager designs and publishes a new version of the call process in the desktop designer;
it reaches a rep's client through a real `fieldbook-server`, the rep runs the new version, and
the rep's earlier call keeps the version and the labels it was recorded with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import create_engine, text

from app import catalog, sync_service
from app.accounts import account_detail, create_account
from app.activities import log_activity
from app.processes import ProcessRun
from app.publishing import PublishError, load_catalogue, publish_process
from app.workspace import Workspace
from sync.credentials import TokenStore
from tests.support.designer import add_step, choose
from tests.support.server_process import ServerProcess, add_user, admin
from ui.designer_view import CODE_SETS, PROCESSES, DesignerView
from ui.flow_diagram import Arrow
from ui.process_runner import ProcessRunnerDialog

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def server(server_db: str, tmp_path):
    db_url = server_db
    admin(db_url, "load-defaults")
    add_user(db_url, "mia", "A", role="manager")
    add_user(db_url, "rob", "A")
    process = ServerProcess(db_url, tmp_path / "server.log")
    process.start()
    yield process
    process.stop()


def sign_in(tmp_path, server: ServerProcess, name: str) -> Workspace:
    return Workspace.sign_in(tmp_path / name, server.url, name, f"pw-{name}", TokenStore())


def log_call(workspace: Workspace, account_id: str, *codes: str) -> str:
    definition = catalog.process(workspace, "call")
    assert definition is not None
    run = ProcessRun(definition)
    for code in codes:
        run.choose(code)
        run.go_on()
    return log_activity(workspace, account_id, run)


def test_a_published_process_reaches_the_rep_and_old_calls_keep_their_version(
    qtbot, tmp_path, server: ServerProcess
) -> None:
    rob = sign_in(tmp_path, server, "rob")
    sync_service.sync_now(rob)
    account_id = create_account(rob, {"name": "上海海洋贸易", "phone": "021-5555 0101"})
    log_call(rob, account_id, "complaint", "resolved")
    sync_service.sync_now(rob)

    mia = sign_in(tmp_path, server, "mia")
    sync_service.sync_now(mia)
    designer = DesignerView(mia)
    qtbot.addWidget(designer)

    # The manager renames the "Complaint" code and adds a step for complaints, with a branch.
    choose(designer, CODE_SETS, "call_reason")
    tree = designer.code_set_editor.tree
    (item,) = tree.findItems("complaint", Qt.MatchFlag.MatchExactly, 0)
    columns = designer.code_set_editor.label_columns
    item.setText(columns["en"], "Complaint or claim")
    item.setText(columns["zh_CN"], "投诉或索赔")
    choose(designer, PROCESSES, "inbound_call")
    editor = designer.process_editor
    add_step(
        editor,
        "complaint_topic",
        "What is the complaint about?",
        "投诉的是什么问题？",
        "service_issue",
    )
    editor.move_step(-1)  # reason → complaint_topic → disposition
    editor.step_list.setCurrentRow(0)
    editor.then_box.setCurrentIndex(editor.then_box.findData("disposition"))
    editor.on_add_branch()
    code_box, target_box = editor.branches.cellWidget(0, 0), editor.branches.cellWidget(0, 1)
    assert isinstance(code_box, QComboBox) and isinstance(target_box, QComboBox)
    code_box.setCurrentIndex(code_box.findData("complaint"))
    target_box.setCurrentIndex(target_box.findData("complaint_topic"))
    assert Arrow("reason", "complaint_topic", "complaint") in designer.diagram.arrows
    assert Arrow("reason", "disposition", "") in designer.diagram.arrows
    assert designer.check() == [], [p.sentence() for p in designer.problems]
    designer.publish_button.click()
    assert "version 2 published" in designer.status_label.text()
    sync_service.sync_now(mia)
    assert sync_service.status(mia).pending == 0

    # The rep's client syncs and runs version 2: the branch leads to the new step.
    sync_service.sync_now(rob)
    definition = catalog.process(rob, "call")
    assert definition is not None and definition.version == 2
    runner = ProcessRunnerDialog(rob, account_id, "上海海洋贸易", definition)
    qtbot.addWidget(runner)
    runner.show()
    labels = {b.code_key: b.text() for b in runner.grid.buttons}
    assert labels["complaint"].endswith("Complaint or claim")
    next(b for b in runner.grid.buttons if b.code_key == "complaint").click()
    assert runner.question_label.text() == "What is the complaint about?"
    next(b for b in runner.grid.buttons if b.code_key == "defect").click()
    runner.next_button.click()  # multiple choice: Next goes on
    next(b for b in runner.grid.buttons if b.code_key == "resolved").click()  # the last: saves
    assert runner.result() == ProcessRunnerDialog.DialogCode.Accepted
    sync_service.sync_now(rob)

    detail = account_detail(rob, account_id)
    assert detail is not None
    by_codes = {entry.codes[0]: entry for entry in detail.timeline}
    assert set(by_codes) == {"Complaint", "Complaint or claim"}  # the old call: the old label
    assert by_codes["Complaint or claim"].codes[1] == "Product › Defect"

    engine = create_engine(server.db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as db:
        versions = db.execute(
            text("SELECT process_version FROM activity WHERE account_id = :a ORDER BY occurred_at"),
            {"a": account_id},
        ).scalars()
        assert sorted(versions) == [1, 2]
        published = db.execute(
            text("SELECT version FROM process WHERE key = 'inbound_call'")
        ).scalars()
        assert sorted(published) == [1, 2]
    engine.dispose()

    # A rep may not publish: refused before anything is written (the server refuses too).
    catalogue = load_catalogue(rob)
    with pytest.raises(PublishError):
        publish_process(rob, catalogue.processes["inbound_call"], catalogue.code_sets, [])
    assert sync_service.status(rob).pending == 0
    rob.close()
    mia.close()
