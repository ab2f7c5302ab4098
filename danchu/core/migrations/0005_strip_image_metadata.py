"""Images stored before metadata was stripped (issue 12 M4) lose their EXIF (GPS, camera serial) now."""

from django.db import migrations


def strip(apps, schema_editor):
    from danchu.core.attachments import sanitise_stored_images

    sanitise_stored_images(apps.get_model("core", "Attachment"))


class Migration(migrations.Migration):
    dependencies = [("core", "0004_rate_counter")]
    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
