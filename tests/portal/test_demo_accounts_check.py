"""The demo opens in one step (a published password and TOTP secret), so a production
start refuses demo accounts: a system check error (check, check --deploy, migrate) and
a failed daphne start, with how to remove them."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.urls import reverse

from portal.actions.two_factor import set_totp_secret
from portal.checks import no_demo_accounts_in_production, refuse_to_start_with_demo_accounts
from portal.models import User
from portal.queries.demo import DEMO_TOTP_SECRET

BASE_DIR = Path(__file__).resolve().parents[2]


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def production(db, settings):
    settings.PRODUCTION_PROFILE = True
    settings.ALLOW_DEMO_ACCOUNTS = False
    return settings


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    run_demo()


def test_the_demo_staff_sign_in_with_the_published_secret(client, demo):
    client.post(reverse("login"), {"username": "anna", "password": "demo-losenord-1"})
    assert client.get(reverse("signin_verify")).status_code == 200
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    response = client.post(reverse("signin_verify"), {"otp_token": code})
    assert response["Location"] == reverse("home")
    assert "_auth_user_id" in client.session


def test_the_secret_is_printed_and_in_the_readme(demo):
    assert DEMO_TOTP_SECRET in run_demo()
    assert DEMO_TOTP_SECRET in (BASE_DIR / "README.md").read_text()
    assert User.objects.filter(is_demo=True).count() == User.objects.count()


def test_no_error_in_development(demo):
    assert no_demo_accounts_in_production() == []


def test_demo_accounts_fail_check_deploy_and_migrate_in_production(demo, production):
    errors = no_demo_accounts_in_production()
    assert [e.id for e in errors] == ["brobyggare.E001"]
    assert "anna" in errors[0].msg and "maja" in errors[0].msg
    assert "python manage.py demo --remove" in errors[0].hint
    with pytest.raises(SystemCheckError, match="brobyggare.E001"):
        call_command("check", deploy=True)
    with pytest.raises(SystemCheckError, match="brobyggare.E001"):
        call_command("migrate", skip_checks=False, verbosity=0)


def test_daphne_refuses_to_start(demo, production):
    with pytest.raises(ImproperlyConfigured, match="demo --remove"):
        refuse_to_start_with_demo_accounts()


def test_an_account_with_the_published_secret_is_caught_without_its_mark(ombud, production):
    set_totp_secret(ombud, DEMO_TOTP_SECRET)
    assert "anna" in no_demo_accounts_in_production()[0].msg


def test_a_test_of_the_production_profile_may_allow_them(demo, production):
    production.ALLOW_DEMO_ACCOUNTS = True
    assert no_demo_accounts_in_production() == []


def test_the_demo_is_not_made_in_production(production):
    with pytest.raises(CommandError, match="produktionsprofilen"):
        run_demo()
    assert not User.objects.exists()


def test_remove_takes_the_demo_away_and_the_start_is_clean_again(demo, production, coordinator):
    output = run_demo("--remove")
    assert "anna" in output and "maja" in output
    assert no_demo_accounts_in_production() == []
    assert list(User.objects.values_list("username", flat=True)) == ["sara"]  # a real one
    call_command("check", deploy=True, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "False"),
        ({"DEBUG": "false"}, "False"),  # make run: the demo with DEBUG off
        ({"DATABASE_URL": "postgres://brobyggare@127.0.0.1:1/brobyggare"}, "True"),
        ({"PRODUCTION": "true"}, "True"),
    ],
)
def test_the_production_profile_is_a_database_url_or_an_explicit_choice(env, expected):
    clean = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG", "PRODUCTION")
    }
    result = subprocess.run(
        [sys.executable, "-c", "from portal import settings; print(settings.PRODUCTION_PROFILE)"],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
