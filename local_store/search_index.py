"""The account search index: SQLite FTS5 with the trigram tokenizer over each account's search
text joined with its contacts' (local_store.search_keys makes those texts).

Trigrams find any substring of three or more characters in any script through the index, so a
search over 100,000 accounts stays within a few milliseconds; a query of one or two characters
cannot use trigrams and scans the index's text instead. Triggers (migration 0002) keep the index
current on every write, local or pulled. The index row of an account is the account's rowid,
which SQLite keeps on update and upsert; a VACUUM could renumber rowids of a table without an
INTEGER PRIMARY KEY, so the replica is never vacuumed without `rebuild`.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

TABLE = "account_fts"
MIN_INDEXED_CHARS = 3  # the trigram tokenizer's shortest findable substring

# An account's whole searchable text: its own keys, then its contacts' keys.
COMBINED_TEXT = """(
    SELECT a.search_text || coalesce(
        char(10) || (SELECT group_concat(c.search_text, char(10))
                     FROM contact c WHERE c.account_id = a.id), '')
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


CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(text, tokenize='trigram', detail='none')",
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
DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "account_fts_insert",
            "account_fts_update",
            "account_fts_delete",
            "contact_fts_insert",
            "contact_fts_update",
            "contact_fts_delete",
        )
    ),
    f"DROP TABLE IF EXISTS {TABLE}",
]


def is_search_index_table(name: str) -> bool:
    return name == TABLE or name.startswith(TABLE + "_")


def rebuild(connection: Connection) -> None:
    """Fill the index from scratch (after the migration that made it, or a VACUUM)."""
    connection.execute(text(f"DELETE FROM {TABLE}"))
    connection.execute(text(f"{INDEX_ROWS} FROM account o"))
