from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0006_drop_case_reminder_and_reminded_for"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="extension_days",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="tổng số ngày gia hạn"),
        ),
    ]
