"""Write functions of citizen feedback, by sub-domain (one module each), re-exported here so that callers import
`danchu.feedback.services` as before:

- intake.py: a feedback comes in (web form, Open311, API, hotline), photos, duplicate candidates;
- handling.py: what officials do with it (accept, assign, transfer, answer, merge, convert …);
- resident.py: the tracking page's rating and reopening, and closing answered feedback after the window;
- configuration.py: routing rules, categories, Open311 clients;
- common.py: the history, the audit facts and who is told.
"""

from .common import handlers_of, reopen_days, tracking_path
from .configuration import (
    api_client_create,
    api_client_for_key,
    category_save,
    route_delete,
    route_set,
    routing_for,
)
from .handling import (
    feedback_accept,
    feedback_answer,
    feedback_assign,
    feedback_close,
    feedback_convert,
    feedback_mark_duplicate,
    feedback_note,
    feedback_recategorise,
    feedback_reject,
    feedback_start,
    feedback_transfer,
    feedback_viewed,
)
from .intake import (
    MAX_JPEG_PIXELS,
    MAX_PHOTO_BYTES,
    MAX_PHOTO_SIDE,
    PHOTO_KINDS,
    feedback_submit,
    find_duplicates,
    prepare_photo,
)
from .resident import answer_time, close_answered, feedback_rate, rating_open

__all__ = [
    "MAX_JPEG_PIXELS", "MAX_PHOTO_BYTES", "MAX_PHOTO_SIDE", "PHOTO_KINDS", "answer_time", "api_client_create",
    "api_client_for_key", "category_save", "close_answered", "feedback_accept", "feedback_answer",
    "feedback_assign", "feedback_close", "feedback_convert", "feedback_mark_duplicate", "feedback_note",
    "feedback_rate", "feedback_recategorise", "feedback_reject", "feedback_start", "feedback_submit",
    "feedback_transfer", "feedback_viewed", "find_duplicates", "handlers_of", "prepare_photo", "rating_open",
    "reopen_days", "route_delete", "route_set", "routing_for", "tracking_path",
]
