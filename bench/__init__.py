"""Benchmarks of danchu (`make bench`); not part of the installed package and not run in CI."""
