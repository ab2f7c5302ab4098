"""Write functions of the units app. Each is a `core.services.service`: one transaction with its audit row, in
Vietnamese, a refused write audited as `<verb>.rejected`.

The package: `villages`, `households` (and their members), `imports` (villages and households from a file),
`organisations` (with positions and appointments), `common` (what they share); every public name is here.
"""

from .common import EARLIEST_RECORD, villages_of_commune
from .households import (
    HOUSEHOLD_FIELDS,
    household_count_on,
    household_create,
    household_dissolve,
    household_member_add,
    household_member_end,
    household_move,
    household_update,
)
from .imports import (
    HOUSEHOLD_COLUMNS,
    REQUIRED_HOUSEHOLD_COLUMNS,
    VILLAGE_COLUMNS,
    ImportResult,
    households_import,
    villages_import,
)
from .organisations import (
    appointment_create,
    appointment_end,
    organisation_create,
    organisation_update,
    position_create,
)
from .villages import village_create, village_merge, village_rename

__all__ = [
    "EARLIEST_RECORD", "HOUSEHOLD_COLUMNS", "HOUSEHOLD_FIELDS", "REQUIRED_HOUSEHOLD_COLUMNS", "VILLAGE_COLUMNS",
    "ImportResult", "appointment_create", "appointment_end", "household_count_on", "household_create",
    "household_dissolve", "household_member_add", "household_member_end", "household_move", "household_update",
    "households_import", "organisation_create", "organisation_update", "position_create", "village_create",
    "village_merge", "village_rename", "villages_import", "villages_of_commune",
]
