"""Domain errors. Interfaces translate them: HTTP 4xx with a message, or a CLI error."""

from __future__ import annotations


class RumboError(Exception):
    """Base of every error a person is meant to read."""

    code = "error"
    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(RumboError):
    code = "validation_failed"
    status_code = 422


class NotFound(RumboError):
    code = "not_found"
    status_code = 404


class Conflict(RumboError):
    code = "conflict"
    status_code = 409


class NotAuthenticated(RumboError):
    code = "not_authenticated"
    status_code = 401


class PermissionDenied(RumboError):
    code = "permission_denied"
    status_code = 403
