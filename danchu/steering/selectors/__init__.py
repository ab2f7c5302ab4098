"""Reads of steering (the read model), one module per sub-domain; nothing here writes.

- reports.py        the deadline of a period's report, who has and has not sent it, what a unit has to enter
- rollup.py         the roll-up of a template's reports for a scope and a span, cached
- dashboard.py      the figures of a level's dashboard, per unit below it, and their trend
- access_to_law.py  the point table, the result of an assessment and the platform's evidence behind it
"""
