"""Fixtures of the feedback tests: communes with their centroid and area, a frozen clock, a small PNG."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAI_KHE = (10.0452, 105.7852, 6.1)
NINH_KIEU = (10.0299, 105.7823, 2.3)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def places(tree, category):
    """The tree's communes with centroid and area (as imported from vietnamadminunits), and the default
    categories (see `category`)."""
    for unit, (lat, lon, area) in ((tree.commune_a, CAI_KHE), (tree.commune_b, NINH_KIEU)):
        unit.latitude, unit.longitude, unit.area_km2 = lat, lon, area
        unit.save(update_fields=["latitude", "longitude", "area_km2"])
    return tree


@pytest.fixture
def monday():
    """Monday 07/12/2026, 09:00 in Cần Thơ (no holiday in the following two weeks)."""
    with time_machine.travel(at(2026, 12, 7, 9, 0), tick=False) as traveller:
        yield traveller


def png_bytes(color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture
def photo():
    return SimpleUploadedFile("o-ga.png", png_bytes(), content_type="image/png")


@pytest.fixture
def category(db):
    from danchu.feedback.models import Category, install_default_categories

    install_default_categories()  # a transactional test before this one may have flushed the migration's rows
    return Category.objects.get(code="ha-tang")


@pytest.fixture
def submit(places, category):
    """A resident's feedback to commune A with sensible defaults."""
    from danchu.feedback import services

    def make(**kwargs):
        data = {"commune": places.commune_a, "category": category, "reporter_name": "Trần Văn Bảy",
                "phone": "0912 345 678", "notify_channel": "sms", "publish": True,
                "description": "Ổ gà lớn trên đường Mậu Thân trước nhà số 120, xe máy dễ té vào ban đêm.",
                "lat": "10.0461", "lon": "105.7840", **kwargs}
        return services.feedback_submit(**data)

    return make
