"""Domain errors raised by services; views turn them into form errors or status codes."""


class DomainError(Exception):
    """A rule of the domain was broken. `message` is Dutch and shown to the user."""

    status_code = 422
    code = "domain_error"

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status_code = 400
    code = "validation_error"

    @classmethod
    def on(cls, field: str, message: str) -> "ValidationFailed":
        """One field's error, shown at that field (and as the message where there is none)."""
        return cls(message, {field: [message]})


class InvalidTransition(DomainError):
    status_code = 409
    code = "invalid_transition"


class StaleObject(DomainError):
    status_code = 409
    code = "conflict"

    def __init__(
        self,
        message: str = "Iemand anders heeft dit intussen gewijzigd. "
        "Laad de pagina opnieuw en voer uw wijziging nogmaals in.",
    ):
        super().__init__(message)
