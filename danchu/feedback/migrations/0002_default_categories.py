"""Seed the default feedback categories (the Open311 services); editable afterwards."""

from django.db import migrations


def seed(apps, schema_editor):
    from danchu.feedback.models import install_default_categories

    install_default_categories(apps.get_model("feedback", "Category"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
