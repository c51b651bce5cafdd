from django.urls import path

from ombud_ui import consents, ending, notes, views

urlpatterns = [
    path("klient/<int:contact_id>/avsluta/", ending.close_contact, name="ombud_close"),
    path("", views.caseload, name="ombud_caseload"),
    path("ny-klient/", views.new_client, name="ombud_new_client"),
    path("klient/<int:contact_id>/", views.plan, name="ombud_plan"),
    path("klient/<int:contact_id>/inbjudan/", views.invite, name="ombud_invite"),
    path("klient/<int:contact_id>/fas/", views.phase, name="ombud_phase"),
    path("klient/<int:contact_id>/meddelanden/", views.messages, name="ombud_messages"),
    path("klient/<int:contact_id>/uppdrag/", views.assignment_add, name="ombud_assignment_add"),
    path("klient/<int:contact_id>/traff/", views.meeting_add, name="ombud_meeting_add"),
    path("klient/<int:contact_id>/samtycken/", consents.consents, name="ombud_consents"),
    path("uppdrag/<int:assignment_id>/", views.assignment_edit, name="ombud_assignment_edit"),
    path("uppdrag/<int:assignment_id>/uppgift/", views.task_add, name="ombud_task_add"),
    path("uppgift/<int:task_id>/", views.task_edit, name="ombud_task_edit"),
    path("uppgift/<int:task_id>/klar/", views.task_done, name="ombud_task_done"),
    path("uppgift/<int:task_id>/ta-bort/", views.task_remove, name="ombud_task_remove"),
    path("traff/<int:meeting_id>/", views.meeting_edit, name="ombud_meeting_edit"),
    path("traff/<int:meeting_id>/ta-bort/", views.meeting_remove, name="ombud_meeting_remove"),
    path("klient/<int:contact_id>/anteckningar/", notes.notes, name="ombud_notes"),
    path("anteckning/<int:note_id>/", notes.note_edit, name="ombud_note_edit"),
    path("anteckning/<int:note_id>/beslut/", notes.note_disposition, name="ombud_note_disposition"),
    path("anteckning/<int:note_id>/ta-bort/", notes.note_delete, name="ombud_note_delete"),
]
