"""The Django admin (ASVS 4.3.1): only for an active is_staff account that signs in with
two factors, through the front door. Anyone else signed in gets 404, not a way in."""

import pytest
from django.urls import reverse

from portal.models import Role, User
from tests.signin_helpers import give_totp, totp_code


@pytest.fixture
def administrator(operation) -> User:
    return User.objects.create_superuser(
        username="it-admin", password="admin-losenord-1", email="", operation=operation
    )


def test_an_administrator_signs_in_with_the_second_factor_and_reaches_the_admin(
    client, administrator
):
    give_totp(administrator)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    client.post(reverse("login"), {"username": "it-admin", "password": "admin-losenord-1"})
    assert client.get("/admin/")["Location"].startswith("/admin/login/")  # password alone
    client.post(reverse("signin_verify"), {"otp_token": totp_code(administrator)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("who", ["ombud_client", "coordinator_client", "client_client"])
def test_others_who_are_signed_in_get_404(request, who):
    browser = request.getfixturevalue(who)
    assert browser.get("/admin/").status_code == 404
    assert browser.get("/admin/portal/user/").status_code == 404


def test_a_client_account_marked_staff_still_gets_404(client_client, client_user):
    """A client signs in with the password alone: never enough for the admin."""
    client_user.is_staff = client_user.is_superuser = True
    client_user.save()
    assert client_user.role == Role.CLIENT
    assert client_client.get("/admin/").status_code == 404
