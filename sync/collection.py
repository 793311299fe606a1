"""The garbage collector of a process that loads a whole territory: the snapshot builder and
the search-key process (`sync.key_worker`).

Such a process has pages of 5,000 records in flight (fetched ahead, being prepared, being
written), some 100,000 objects each, alive for a second or two. The collector's default young
generation (700 objects) promoted them to the oldest generation while they lived, and so ran a
full collection, through every object of the process, every second and a half: on dataset L,
13.9 s of the builder's 109 s went to collecting (9.6 s of it full collections), 3.1 s with a
young generation of 50,000 objects, a middle one collected every 20 of those and a full
collection only after 100 of the middle one's. The process's modules, made before the load,
are frozen (`gc.freeze`): no collection goes through them again.
"""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 50_000


def collect_for_loads() -> None:
    """Set this process's collector up for loading territories (see the module)."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 20, 100)
