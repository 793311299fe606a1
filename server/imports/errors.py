"""Problems of an import file as a whole: each message is one sentence saying what is wrong."""

from __future__ import annotations


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why in a sentence."""


class MappingError(ImportFileError):
    """The column mapping cannot work with this file."""
