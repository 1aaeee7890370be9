"""Errors whose messages are written for the person who caused them."""

from __future__ import annotations


class DomainError(Exception):
    """Something a person asked for cannot be done; `str(error)` tells them why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    pass


class ValidationFailed(DomainError):
    """One or more fields are wrong: `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
