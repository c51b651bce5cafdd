"""`manage.py check --deploy` in the production profile: no warnings at all.

The environment is the README's production example: PostgreSQL and Redis (the private
servers of conftest.py), DEBUG off, a real SECRET_KEY, the public https address, a
TLS-terminating proxy that sets X-Forwarded-Proto, and HSTS with subdomains and preload.
"""

import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_check_deploy_has_no_warnings_in_the_production_profile(production_env, tmp_path):
    env = {
        **production_env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PUBLIC_URL": "https://brobyggare.kommun.se",
        "TRUSTED_PROXY": "true",
        "HSTS_INCLUDE_SUBDOMAINS": "true",
        "HSTS_PRELOAD": "true",
        "SECRET_KEY_FILE": str(tmp_path / "unused-secret-key"),
    }
    env.pop("ALLOWED_HOSTS", None)  # from PUBLIC_URL
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert not (tmp_path / "unused-secret-key").exists()
