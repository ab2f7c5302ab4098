"""Text that is stored or sent to residents is written in the platform's language (Vietnamese), whatever
language the official's interface uses; only what is shown back on screen follows the interface."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation


def in_default_language(func):
    """Run a service in settings.LANGUAGE_CODE: its stored notes and its notifications are Vietnamese."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper
