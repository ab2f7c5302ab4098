"""M4: resident photos kept their EXIF (GPS position, camera serial) and were served publicly.
M5: one 1 MB, 64-megapixel JPEG raised a worker's memory by ~700 MB."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danchu.core.attachments import attachment_create, attachment_open
from danchu.core.images import MAX_SIDE, has_metadata


def _jpeg_with_gps(size=(1200, 900)) -> bytes:
    img = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    exif[0x0112] = 6  # Orientation: rotate 90° CW to view
    gps = {1: "N", 2: (10.0, 2.0, 3.0), 3: "E", 4: (105.0, 46.0, 10.0)}  # Cần Thơ
    exif[0x8825] = gps
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), comment=b"Nguyen Van An")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_stored_photo_has_no_gps_no_serial_no_comment_and_stands_upright():
    data = _jpeg_with_gps()
    assert has_metadata(data)
    a = attachment_create(uploaded_file=SimpleUploadedFile("anh.jpg", data, "image/jpeg"), actor=None)
    with attachment_open(a) as fh:
        stored = fh.read()
    assert not has_metadata(stored)
    assert b"SERIAL-123456" not in stored and b"Nguyen Van An" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (900, 1200)  # the orientation was applied before the tag was dropped
        assert not img.getexif()


@pytest.mark.django_db
def test_png_text_chunks_are_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Trần Thị Bích, 0922222222")
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG", pnginfo=info)
    a = attachment_create(uploaded_file=SimpleUploadedFile("a.png", out.getvalue(), "image/png"), actor=None)
    with attachment_open(a) as fh:
        stored = fh.read()
    assert b"0922222222" not in stored and not has_metadata(stored)


@pytest.mark.django_db
def test_a_64_megapixel_jpeg_of_one_megabyte_is_decoded_at_a_reduced_scale_and_kept_at_most_4096_px():
    out = io.BytesIO()
    Image.new("L", (8000, 8000), 128).save(out, "JPEG", quality=20)
    data = out.getvalue()
    assert len(data) < 1_500_000
    a = attachment_create(uploaded_file=SimpleUploadedFile("to.jpg", data, "image/jpeg"), actor=None)
    with attachment_open(a) as fh, Image.open(fh) as img:
        assert max(img.size) <= MAX_SIDE


@pytest.mark.django_db
def test_a_picture_beyond_the_pixel_limit_is_refused_before_decoding(settings):
    settings.DANCHU_MAX_IMAGE_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (3000, 3000)).save(out, "PNG")  # 9 MP in a few kB
    with pytest.raises(ValidationError) as caught:
        attachment_create(uploaded_file=SimpleUploadedFile("bom.png", out.getvalue(), "image/png"), actor=None)
    assert caught.value.code == "image_too_large" and "3000 × 3000" in caught.value.messages[0]


@pytest.mark.django_db
def test_images_stored_before_the_fix_lose_their_metadata_on_upgrade():
    from django.core.files.base import ContentFile

    from danchu.core.attachments import sanitise_stored_images
    from danchu.core.models import Attachment

    data = _jpeg_with_gps()
    old = Attachment(original_name="cu.jpg", content_type="image/jpeg", extension=".jpg", size=len(data),
                     sha256="0" * 64)
    old.file.save("cu.jpg", ContentFile(data), save=False)
    old.save()
    assert sanitise_stored_images() == 1
    old.refresh_from_db()
    with old.file.open("rb") as fh:
        stored = fh.read()
    assert not has_metadata(stored) and old.size == len(stored) and old.sha256 != "0" * 64
    assert sanitise_stored_images() == 0
