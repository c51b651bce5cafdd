"""Migration 0010 (issue 11): what was written before it was written by the ombud (only
the ombud could write), and the assignments keep the order they had."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("portal", "0011_audit_actions_merged")]
AFTER = [("portal", "0012_plan11_client_shapes_plan")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_the_ombud_as_writer_and_numbered_positions():
    apps = _migrate(BEFORE)
    try:
        Operation = apps.get_model("portal", "Operation")
        User = apps.get_model("portal", "User")
        Contact = apps.get_model("portal", "Contact")
        Assignment = apps.get_model("portal", "Assignment")
        Task = apps.get_model("portal", "Task")
        operation = Operation.objects.create(name="PO")
        ombud = User.objects.create(username="anna", role="ombud", operation=operation)
        contacts = []
        for name in ("maja", "omar"):
            client = User.objects.create(username=name, role="client", operation=operation)
            contacts.append(Contact.objects.create(operation=operation, client=client, ombud=ombud))
        day = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        for contact in contacts:
            for n, title in enumerate(("Ekonomi", "Bostad", "Hälsa")):
                assignment = Assignment.objects.create(
                    contact=contact, title=title, life_area="other"
                )
                # auto_now_add: set the order they were written in afterwards.
                Assignment.objects.filter(pk=assignment.pk).update(
                    created_at=day + datetime.timedelta(days=-n)
                )
                Task.objects.create(contact=contact, assignment=assignment, what="x")

        apps = _migrate(AFTER)
        Assignment = apps.get_model("portal", "Assignment")
        Task = apps.get_model("portal", "Task")
        assert set(Assignment.objects.values_list("created_by_id", flat=True)) == {ombud.pk}
        assert set(Task.objects.values_list("created_by_id", flat=True)) == {ombud.pk}
        for contact in contacts:
            rows = Assignment.objects.filter(contact_id=contact.pk).order_by("position")
            assert [(a.position, a.title) for a in rows] == [
                (0, "Hälsa"),
                (1, "Bostad"),
                (2, "Ekonomi"),
            ]
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())  # back to the newest, for what follows
