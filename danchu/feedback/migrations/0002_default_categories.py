"""Seed the default feedback categories (the Open311 services); editable afterwards."""

from django.db import migrations


def seed(apps, schema_editor):
    from danchu.feedback.domain import DEFAULT_CATEGORIES

    Category = apps.get_model("feedback", "Category")
    for order, spec in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(code=spec.code, defaults={
            "name": spec.name, "group": spec.group, "keywords": spec.keywords, "description": spec.description,
            "answer_days": spec.answer_days, "order": order})


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
