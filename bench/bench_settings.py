"""Bench-only settings: exactly danchu's settings, plus a bare view at /bench/bare to compare against."""

from danchu.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
