from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0018_verbs_merged_undo"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="seconds",
            field=models.FloatField(blank=True, null=True),
        ),
    ]
