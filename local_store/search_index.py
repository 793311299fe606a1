"""The account search index: SQLite FTS5 with the trigram tokenizer over each account's search
text joined with its contacts' (local_store.search_keys makes those texts).

Trigrams find any substring of three or more characters in any script through the index, so a
search over 100,000 accounts stays within a few milliseconds. A query of one or two characters
has no trigram of its own, but every place it occurs begins a trigram of the text (the text ends
in two line breaks so that holds at its end too): the index's own list of trigrams
(`TERMS`, an fts5vocab table) names those that begin with it, and the index finds the rows that
hold any of them. Triggers (migrations 0002, 0003) keep the index current on every write, local
or pulled, except while a pull from the start loads a whole territory: row by row the triggers
would rewrite an account's index row once for it and once more for each of its contacts, so that
pull `suspend`s them and `resume` builds the index once, in the transaction of its last page.
The index row of an account is the account's rowid,
which SQLite keeps on update and upsert; a VACUUM could renumber rowids of a table without an
INTEGER PRIMARY KEY, so the replica is never vacuumed without `rebuild`.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, text

TABLE = "account_fts"
TERMS = "account_fts_terms"  # the index's trigrams, one row each
MIN_INDEXED_CHARS = 3  # the trigram tokenizer's shortest findable substring
DEFAULT_AUTOMERGE = 4  # FTS5's own: segments of a level merged into one at a time
BULK_AUTOMERGE = 16

# An account's whole searchable text: its own keys, then its contacts' keys, then two line
# breaks (so each character of the keys begins a trigram).
COMBINED_TEXT = """(
    SELECT a.search_text || coalesce(
        char(10) || (SELECT group_concat(c.search_text, char(10))
                     FROM contact c WHERE c.account_id = a.id), '') || char(10, 10)
    FROM account a WHERE a.id = {id}
)"""


# Index rows for the accounts `o` of a FROM clause.
INDEX_ROWS = f"INSERT INTO {TABLE}(rowid, text) SELECT o.rowid, {COMBINED_TEXT.format(id='o.id')}"


def _refresh(account_id: str) -> str:
    """Trigger statements that rewrite the index row of one account (none if it is gone)."""
    return (
        f"DELETE FROM {TABLE} WHERE rowid = (SELECT rowid FROM account WHERE id = {account_id});"
        f"{INDEX_ROWS} FROM account o WHERE o.id = {account_id};"
    )


CREATE_TABLE = f"CREATE VIRTUAL TABLE {TABLE} USING fts5(text, tokenize='trigram', detail='none')"
CREATE_TERMS = f"CREATE VIRTUAL TABLE {TERMS} USING fts5vocab({TABLE}, 'row')"
DROP_TERMS = f"DROP TABLE IF EXISTS {TERMS}"
TRIGGERS = [
    f"""CREATE TRIGGER account_fts_insert AFTER INSERT ON account BEGIN
        {_refresh("new.id")} END""",
    f"""CREATE TRIGGER account_fts_update AFTER UPDATE OF search_text ON account BEGIN
        {_refresh("new.id")} END""",
    f"""CREATE TRIGGER account_fts_delete AFTER DELETE ON account BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.rowid; END""",
    f"""CREATE TRIGGER contact_fts_insert AFTER INSERT ON contact BEGIN
        {_refresh("new.account_id")} END""",
    f"""CREATE TRIGGER contact_fts_update AFTER UPDATE OF search_text, account_id ON contact BEGIN
        {_refresh("old.account_id")} {_refresh("new.account_id")} END""",
    f"""CREATE TRIGGER contact_fts_delete AFTER DELETE ON contact BEGIN
        {_refresh("old.account_id")} END""",
]
TRIGGER_NAMES = (
    "account_fts_insert",
    "account_fts_update",
    "account_fts_delete",
    "contact_fts_insert",
    "contact_fts_update",
    "contact_fts_delete",
)
DROP_TRIGGERS = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]
DROP_TABLE = f"DROP TABLE IF EXISTS {TABLE}"


def is_search_index_table(name: str) -> bool:
    return name == TABLE or name.startswith(TABLE + "_")


def suspend(connection: Connection) -> None:
    """Stop keeping the index current (until `resume`): drop its triggers and empty it."""
    for statement in DROP_TRIGGERS:
        connection.execute(text(statement))
    connection.execute(text(f"DELETE FROM {TABLE}"))


def is_suspended(connection: Connection) -> bool:
    """Whether `suspend` stopped the index and no `resume` has built it since."""
    present = connection.execute(
        text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN :names"
        ).bindparams(bindparam("names", expanding=True)),
        {"names": list(TRIGGER_NAMES)},
    ).scalar_one()
    return bool(present < len(TRIGGER_NAMES))


def resume(connection: Connection) -> None:
    """Build the index from the stored accounts and keep it current again."""
    for statement in [*DROP_TRIGGERS, *TRIGGERS]:
        connection.execute(text(statement))
    rebuild(connection)


def rebuild(connection: Connection) -> None:
    """Fill the index from scratch (after the migration that made it, or a VACUUM).

    While it fills, FTS5 merges its segments 16 at a time instead of 4 (its `automerge`): the
    one index built from 100,000 accounts takes a seventh less time, and `optimize` merges
    all of them at the end anyway. Rows written one at a time get the default again."""
    connection.execute(text(f"DELETE FROM {TABLE}"))
    _set_automerge(connection, BULK_AUTOMERGE)
    connection.execute(text(f"{INDEX_ROWS} FROM account o"))
    _set_automerge(connection, DEFAULT_AUTOMERGE)
    optimize(connection)


def _set_automerge(connection: Connection, segments: int) -> None:
    connection.execute(
        text(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('automerge', :segments)"),
        {"segments": segments},
    )


def optimize(connection: Connection) -> None:
    """Merge the index into one segment. Many rows written one by one (by a first sync) leave
    it in many, and a query of one or two characters, which asks for hundreds of trigrams,
    costs a lookup per trigram per segment: ten times slower on 100,000 accounts."""
    connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')"))
