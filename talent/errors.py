"""Domain errors. The CLI turns them into friendly messages; nothing else catches them.

TalentError                 every error a user can act on: message + what to do
├── ConfigError             a bad config file, flag or environment variable
├── StoreError              the database is missing, unreachable or on an old schema
├── WorldError              a corrupt or incomplete simulator world (names file and line)
├── UpstreamError           GitHub / Hugging Face (or the simulator) failed us
├── IndexError_             the vector index is missing or incompatible
├── NotFound                a person, login or saved search that does not exist
└── Busy                    another process is writing to the store: try again later
"""

from __future__ import annotations


class TalentError(Exception):
    """An error with a hint that tells the user what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class ConfigError(TalentError):
    exit_code = 2


class StoreError(TalentError):
    pass


class WorldError(TalentError):
    pass


class UpstreamError(TalentError):
    pass


class IndexError_(TalentError):
    pass


class NotFound(TalentError):
    exit_code = 3


class Busy(TalentError):
    exit_code = 75  # EX_TEMPFAIL: a scheduler may simply try again later
