"""`fieldbook-server webhook add | list | remove | failing | replay`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from server import feed, writes
from server.database import make_sessions
from server.webhook_delivery import DeliveryWorker
from server.webhook_schedule import DeliverySettings
from tests.support.webhook_receiver import WebhookReceiver
from tests.unit.server.conftest import CliRun
from tests.unit.server.helpers import World, account_fields, new_id
from tests.unit.server.test_cli import assert_plain_error


def test_an_admin_adds_lists_and_removes_webhooks(
    cli_run: CliRun, db_url: str, engine: Engine, world: World
) -> None:
    added = cli_run("--db", db_url, "webhook", "add", "erp", "https://erp.example.com/hooks",
                    "--entity", "account", "--entity", "activity", "--territory", "a")  # fmt: skip
    assert added.returncode == 0, added.stderr
    secret = added.stdout.splitlines()[-1]
    assert secret.startswith("whsec_")
    given = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    bi = cli_run("--db", db_url, "webhook", "add", "bi", "http://bi.internal/in",
                 "--entity", "task", "--secret", given)  # fmt: skip
    assert bi.returncode == 0 and bi.stdout.splitlines()[-1] == given

    listed = cli_run("--db", db_url, "webhook", "list").stdout.splitlines()
    assert listed[0].startswith("bi\thttp://bi.internal/in\ttask\tevery territory\tposition ")
    assert listed[1].startswith("erp\thttps://erp.example.com/hooks\taccount activity\ta\t")
    assert listed[1].endswith("\t0 undelivered")
    assert secret not in "\n".join(listed) and given not in "\n".join(listed)

    assert cli_run("--db", db_url, "webhook", "remove", "bi").returncode == 0
    assert len(cli_run("--db", db_url, "webhook", "list").stdout.splitlines()) == 1


def test_webhook_mistakes_are_one_plain_sentence(
    cli_run: CliRun, db_url: str, engine: Engine, world: World
) -> None:
    url = "https://erp.example.com/hooks"
    assert (
        cli_run("--db", db_url, "webhook", "add", "erp", url, "--entity", "account").returncode == 0
    )
    for args, words in [
        (("add", "erp", url, "--entity", "task"), "exists already"),
        (("add", "x", "erp.example.com", "--entity", "task"), "http:// or https://"),
        (("add", "x", url, "--entity", "task", "--territory", "south"), "'south'"),
        (("add", "x", url, "--entity", "task", "--secret", "whsec_!!"), "whsec_"),
        (("remove", "nobody"), "no webhook named 'nobody'"),
        (("replay", "nobody"), "no webhook named 'nobody'"),
    ]:
        assert_plain_error(cli_run("--db", db_url, "webhook", *args), words)


def test_failing_lists_what_keeps_failing_and_replay_makes_it_due_again(
    cli_run: CliRun, db_url: str, engine: Engine, world: World
) -> None:
    receiver = WebhookReceiver()  # not up yet: nothing listens on its port
    refused = receiver.url
    assert (
        cli_run("--db", db_url, "webhook", "add", "erp", refused, "--entity", "account").returncode
        == 0
    )
    assert cli_run("--db", db_url, "webhook", "failing").stdout == "No webhook is failing.\n"
    with feed.write_transaction(make_sessions(engine).write) as session:
        fields = account_fields(world.territory_a)
        writes.apply(session, writes.Write("account", new_id(), fields), None)
    worker = DeliveryWorker(
        make_sessions(engine), DeliverySettings(), lambda: dt.datetime.now(dt.UTC)
    )
    assert worker.run_round() == 1

    (line,) = cli_run("--db", db_url, "webhook", "failing").stdout.splitlines()
    assert line.startswith(f"erp\t{refused}\t1 undelivered\toldest ")
    assert line.endswith("\t1 attempts\tlast error: Connection refused")
    assert worker.run_round() == 0  # not due for 30 s

    replayed = cli_run("--db", db_url, "webhook", "replay", "erp")
    assert replayed.stdout.startswith("1 deliveries of 'erp' are due now")
    receiver.up()
    try:
        assert worker.run_round() == 1
        assert len(receiver.got()) == 1
    finally:
        receiver.down()
    assert cli_run("--db", db_url, "webhook", "failing").stdout == "No webhook is failing.\n"
