"""The garbage collector of a serving process (`serve`, its workers, and the loopback server
of `snapshot build`).

A page of a territory's first sync is some 100,000 objects, alive while it is read from the
database and written out. The collector's default young generation (700 objects) promoted them
to the oldest generation, and so ran full collections, through every object of the process, the
app's modules included, many times a minute: on dataset L, 5.75 s of the 112 s in which the
server served a snapshot builder's pull went to collecting, 0.48 s with the modules frozen
(`gc.freeze`, once the app is made) and a young generation of 50,000 objects.
"""

from __future__ import annotations

import gc

YOUNG_OBJECTS = 50_000


def collect_for_serving() -> None:
    """Set this process's collector up for serving (see the module); once its app is made."""
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, 20, 100)
