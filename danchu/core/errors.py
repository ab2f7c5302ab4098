from django.core.exceptions import ValidationError


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field that keeps its stable `code` (Django drops the code of a plain
    dict of messages); the API error format reports it as error.code."""
    return ValidationError({field: ValidationError(message, code=code)})
