"""Password hashing for tests: real argon2 at cheap parameters, since production cost would
dominate the suite."""

from __future__ import annotations

from argon2 import PasswordHasher


def cheap_hasher() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
