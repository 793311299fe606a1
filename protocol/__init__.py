"""The wire between the Fieldbook client and server: what both sides agree on, and nothing else.

Paths and limits (`paths`), the synced entities and their field rules (`entities`), the typed
documents stored in JSON fields (`documents`), sync messages (`sync`), sign-in (`auth`), error
bodies (`errors`) and reports (`reports`). Pydantic models and plain values; no I/O, and no
policy of either side.
"""
