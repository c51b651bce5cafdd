"""The Django admin shows operations and accounts only, never client content. Who gets
in: portal/admin_site.py."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from portal.models import Operation, User


@admin.register(User)
class BrobyggareUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "role", "operation", "is_active")
    list_filter = ("role", "operation", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Brobyggare", {"fields": ("role", "operation", "fte")}),
    )


admin.site.register(Operation)
