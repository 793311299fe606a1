"""Who may administer whom. The server enforces these rules on every write of a user record; a
client reads the same rules to offer only what will be accepted."""

from __future__ import annotations

from collections.abc import Collection

from protocol.entities import ROLES

# The roles a manager administers and may give; admins administer everyone and give any role.
MANAGED_ROLES = frozenset({"rep", "agent"})


def roles_given_by(actor_role: str) -> frozenset[str]:
    """The roles `actor_role` may give to a user (or take from one)."""
    if actor_role == "admin":
        return frozenset(ROLES)
    return MANAGED_ROLES if actor_role == "manager" else frozenset()


def may_administer(
    actor_role: str,
    actor_territories: Collection[str],
    target_role: str,
    target_territories: Collection[str],
) -> bool:
    """Whether a user may change or remove another: admins everyone; managers the reps and
    agents all of whose territories are the manager's own; nobody else anyone."""
    if actor_role == "admin":
        return True
    return (
        actor_role == "manager"
        and target_role in MANAGED_ROLES
        and set(target_territories) <= set(actor_territories)
    )
