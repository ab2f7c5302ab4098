"""Thin HTML views of citizen feedback, by audience: public.py (residents: report, track and rate, the communes'
public pages), staff.py (the queue, statistics, export, recording and handling one feedback), routes.py (who
answers what)."""

from .public import public_commune, public_index, public_photo, submit, submitted, track, track_photo
from .routes import staff_routes
from .staff import staff_detail, staff_export, staff_list, staff_photo, staff_record, staff_stats

__all__ = ["public_commune", "public_index", "public_photo", "staff_detail", "staff_export", "staff_list",
           "staff_photo", "staff_record", "staff_routes", "staff_stats", "submit", "submitted", "track",
           "track_photo"]
