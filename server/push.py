"""Push: apply a client's mutations in order, exactly once each.

Each client replica (`client_id`) belongs to one user and numbers its mutations 1, 2, 3, ….
The server stores the result of every mutation it applied, so a re-sent mutation (the answer
was lost on the way back) gets the stored result and changes nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from protocol.sync import Mutation, MutationResult, PushRequest, PushResponse
from server import writes
from server.api_error import ApiError
from server.scope import Principal
from server.tables import MODELS, MutationResultRow, SyncClient, SyncedRecord

logger = logging.getLogger(__name__)
_LOADED = "fieldbook_push_records"


def push(session: Session, principal: Principal, request: PushRequest) -> PushResponse:
    """Apply `request` in the caller's write transaction.

    Raises `ApiError` (403 for another user's client id, 409 for a gap in the mutation
    numbers or a seq named twice); the caller then rolls the whole request back.
    """
    _refuse_repeated_seqs(request)
    client = _client(session, principal, request.client_id)
    _load_records(session, [m for m in request.mutations if m.seq > client.last_seq])
    results: list[MutationResult] = []
    for index, mutation in enumerate(request.mutations):
        if mutation.seq <= client.last_seq:
            results.append(_stored_result(session, client, index, mutation))
            continue
        expected = client.last_seq + 1
        if mutation.seq != expected:
            raise ApiError(
                409,
                "seq_gap",
                f"Mutation {mutation.seq} came before mutation {expected}; "
                f"push again starting from seq {expected}.",
                field=f"mutations.{index}.seq",
            )
        result = _apply(session, principal, client.client_id, mutation)
        session.add(
            MutationResultRow(
                client_id=client.client_id, seq=mutation.seq, result=result.model_dump(mode="json")
            )
        )
        client.last_seq = mutation.seq
        results.append(result)
    counts = Counter(result.status for result in results)
    logger.info("push by %s from client %s: %s", principal.name, client.client_id, dict(counts))
    return PushResponse(results=results)


def _refuse_repeated_seqs(request: PushRequest) -> None:
    """One batch naming a seq twice lost its numbering: applying the first and answering the
    second with the first's result would drop an edit without a word."""
    seen: set[int] = set()
    for index, mutation in enumerate(request.mutations):
        if mutation.seq in seen:
            raise ApiError(
                409,
                "seq_reused",
                f"Mutation {mutation.seq} is named twice in this push; "
                "a replica that starts its numbering again needs a new client id.",
                field=f"mutations.{index}.seq",
            )
        seen.add(mutation.seq)


def _load_records(session: Session, mutations: list[Mutation]) -> None:
    """Read the records the mutations change with one query per entity, into the session's
    identity map, where `writes.apply` finds them without a query each.

    A push holds the feed lock, which every write waits for, from its first statement to its
    commit; each database round trip saved here shortens every other writer's wait. The
    records are kept in `session.info` too: the identity map holds unchanged objects only weakly.
    """
    ids: dict[str, set[str]] = defaultdict(set)
    for mutation in mutations:
        ids[mutation.entity].add(mutation.record_id)
    loaded: list[SyncedRecord] = []
    for entity, record_ids in ids.items():
        model = MODELS[entity]
        loaded.extend(session.scalars(select(model).where(model.id.in_(record_ids))))
    session.info[_LOADED] = loaded


def _client(session: Session, principal: Principal, client_id: str) -> SyncClient:
    """The client's bookkeeping row, made on its first push; bound to one user for good."""
    client = session.get(SyncClient, client_id)
    if client is None:
        client = SyncClient(client_id=client_id, user_id=principal.user_id, last_seq=0)
        session.add(client)
    elif client.user_id != principal.user_id:
        raise ApiError(
            403, "forbidden", "This client id belongs to another user.", field="client_id"
        )
    return client


def _stored_result(
    session: Session, client: SyncClient, index: int, mutation: Mutation
) -> MutationResult:
    """The answer already given to this mutation.

    A seq reused for a different record means the client lost its numbering (a reset replica
    keeping its client id); answering with another mutation's result would lose its edit.
    """
    row = session.get_one(MutationResultRow, (client.client_id, mutation.seq))
    result = MutationResult.model_validate(row.result)
    if (result.entity, result.record_id) != (mutation.entity, mutation.record_id):
        raise ApiError(
            409,
            "seq_reused",
            f"Mutation {mutation.seq} was already used for another record; "
            "a replica that starts its numbering again needs a new client id.",
            field=f"mutations.{index}.seq",
        )
    return result


def _apply(
    session: Session, principal: Principal, client_id: str, mutation: Mutation
) -> MutationResult:
    write = writes.Write(
        entity=mutation.entity,
        record_id=mutation.record_id,
        fields=mutation.fields,
        base_version=mutation.base_version,
        delete=mutation.op == "delete",
        restore=mutation.op == "restore",
        writer=client_id,
    )
    outcome = writes.apply(session, write, principal)
    return MutationResult(
        seq=mutation.seq,
        record_id=mutation.record_id,
        entity=mutation.entity,
        status=outcome.status,
        version=outcome.version,
        conflicts=outcome.conflicts,
        problems=outcome.problems,
    )
