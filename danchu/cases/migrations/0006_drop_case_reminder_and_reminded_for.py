from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_reminders_into_core"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="receptionentry",
            name="reminded_for",
        ),
        migrations.DeleteModel(
            name="CaseReminder",
        ),
    ]
