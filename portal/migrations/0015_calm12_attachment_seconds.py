from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0014_security_account_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="seconds",
            field=models.FloatField(blank=True, null=True),
        ),
    ]
