from django.urls import path, re_path

from client_ui import (
    account,
    consents,
    ending,
    letters,
    network,
    pause,
    plan,
    views,
    who_looked,
)

urlpatterns = [
    path("mer/avsluta/", ending.end_contact, name="client_end"),
    path("min-kopia/", ending.my_copy, name="client_copy"),
    path(
        "min-plan/forslag/<int:proposal_id>/svar/",
        ending.proposal_answer,
        name="client_proposal_answer",
    ),
    path(
        "min-plan/ersattare/<int:stand_in_id>/nej/",
        ending.stand_in_decline,
        name="client_stand_in_decline",
    ),
    re_path(
        r"^min-kopia/kopia\.(?P<fmt>html|json)$", ending.download_copy, name="client_copy_download"
    ),
    path("min-plan/", views.plan, name="client_plan"),
    path("min-plan/uppgift/<int:task_id>/klar/", views.task_done, name="client_task_done"),
    path("min-plan/kommentar/", views.comment, name="client_comment"),
    path("min-plan/brev/", letters.letter_new, name="client_letter_new"),
    path("min-plan/brev/<int:letter_id>/", letters.letter, name="client_letter"),
    path(
        "min-plan/brev/<int:letter_id>/uppgifter/", letters.letter_tasks, name="client_letter_tasks"
    ),
    path(
        "min-plan/brev/<int:letter_id>/ta-bort/", letters.letter_remove, name="client_letter_remove"
    ),
    path("min-plan/uppdrag/", plan.assignment_add, name="client_assignment_add"),
    path(
        "min-plan/uppdrag/<int:assignment_id>/", plan.assignment_edit, name="client_assignment_edit"
    ),
    path(
        "min-plan/uppdrag/<int:assignment_id>/ta-bort/",
        plan.assignment_remove,
        name="client_assignment_remove",
    ),
    path(
        "min-plan/uppdrag/<int:assignment_id>/flytta/",
        plan.assignment_move,
        name="client_assignment_move",
    ),
    path("min-plan/uppdrag/<int:assignment_id>/uppgift/", plan.task_add, name="client_task_add"),
    path("min-plan/uppgift/<int:task_id>/", plan.task_edit, name="client_task_edit"),
    path("min-plan/uppgift/<int:task_id>/ta-bort/", plan.task_remove, name="client_task_remove"),
    path("min-plan/uppgift/<int:task_id>/angra/", plan.task_restore, name="client_task_restore"),
    path("mer/natverk/", network.network, name="client_network"),
    path("mer/natverk/<int:person_id>/", network.person_edit, name="client_network_edit"),
    path(
        "mer/natverk/<int:person_id>/ta-bort/", network.person_remove, name="client_network_remove"
    ),
    path("meddelanden/", views.messages, name="client_messages"),
    path("traffar/", views.meetings, name="client_meetings"),
    path("traffar/<int:meeting_id>/svar/", views.meeting_answer, name="client_meeting_answer"),
    path("mer/", views.more, name="client_more"),
    path("mer/lasbekraftelser/", views.read_receipts, name="client_read_receipts"),
    path("mer/samtycken/", consents.consents, name="client_consents"),
    path(
        "mer/samtycken/<int:consent_id>/ta-tillbaka/",
        consents.withdraw,
        name="client_consent_withdraw",
    ),
    path(
        "mer/samtycken/<int:consent_id>/angra/",
        consents.restore,
        name="client_consent_restore",
    ),
    path("mer/pausa/", pause.pause, name="client_pause"),
    path("mer/pausa/sla-pa/", pause.resume, name="client_resume"),
    path("mer/vem-har-tittat/", who_looked.who_looked, name="client_who_looked"),
    path("mer/enheter/", account.devices, name="client_devices"),
    path("mer/enheter/<int:device_id>/logga-ut/", account.device_end, name="client_device_end"),
    path(
        "mer/enheter/logga-ut-andra/",
        account.devices_end_others,
        name="client_devices_end_others",
    ),
    path("mer/losenord/", account.password, name="client_password"),
    path("kod/", views.enter_code, name="invite_code"),
    path("valkommen/", views.welcome, name="invite_welcome"),
    path("valkommen/klart/", views.welcome_done, name="invite_done"),
    path("valkommen/<str:token>/", views.welcome_link, name="invite_link"),
]
