from django.urls import path

from coordinator_ui import account, failures, home, queue, report, staff, team

urlpatterns = [
    path("", home.home, name="coordinator_home"),
    path("systemfel/", failures.failures, name="coordinator_failures"),
    path("systemfel.csv", failures.failures_csv, name="coordinator_failures_csv"),
    path("redovisning/", report.report, name="coordinator_report"),
    path("redovisning/<int:year>.csv", report.report_csv, name="coordinator_report_csv"),
    path("ombud/", staff.staff, name="coordinator_staff"),
    path("ombud/andra/", staff.change, name="coordinator_staff_change"),
    path(
        "ombud/<int:ombud_id>/kontakter/",
        team.ombud_contacts,
        name="coordinator_ombud_contacts",
    ),
    path("kontakt/<int:contact_id>/", team.page, name="coordinator_team"),
    path("kontakt/<int:contact_id>/ersattare/", team.stand_in_add, name="coordinator_stand_in_add"),
    path(
        "ersattare/<int:stand_in_id>/ta-bort/",
        team.stand_in_remove,
        name="coordinator_stand_in_remove",
    ),
    path("kontakt/<int:contact_id>/nytt-ombud/", team.move, name="coordinator_move"),
    path(
        "flytt/<int:proposal_id>/ta-tillbaka/",
        team.proposal_withdraw,
        name="coordinator_proposal_withdraw",
    ),
    path("ko/", queue.queue, name="coordinator_queue"),
    path("ko/ny/", queue.register, name="coordinator_intake_new"),
    path("ko/forturer/", queue.priority_ground_add, name="coordinator_priority_ground_add"),
    path("ko/<int:intake_id>/", queue.intake, name="coordinator_intake"),
    path("ko/<int:intake_id>/ta-bort/", queue.withdraw, name="coordinator_intake_withdraw"),
    path("konto/", account.devices, name="coordinator_account"),
    path(
        "konto/enheter/<int:device_id>/logga-ut/", account.device_end, name="coordinator_device_end"
    ),
    path(
        "konto/enheter/logga-ut-andra/",
        account.devices_end_others,
        name="coordinator_devices_end_others",
    ),
    path("konto/losenord/", account.password, name="coordinator_password"),
]
