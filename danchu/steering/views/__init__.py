"""Thin HTML views of steering, one module per sub-domain (home, plans, reports, rollup, inspections, exemplary,
access_to_law, committees, dashboard): fetch, check the named permission, bind, call the service or the read."""
