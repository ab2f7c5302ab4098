"""Steering API, one module per sub-domain (plans, reports, rollup): DRF views with separate input and output
serializers, calling the same services and reads as the HTML views; lists are limited to the units where the caller
holds the capability (units.api.scope_filter)."""
