"""A strict Content-Security-Policy is on: no inline scripts, handlers or styles anywhere."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 10


def test_no_template_has_an_inline_script():
    for template in TEMPLATES:
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            assert "src=" in tag, f"{template}: {tag}"


def test_no_template_has_an_inline_event_handler_or_style():
    handler = re.compile(r"<[^>]*\s(on[a-z]+|style)\s*=", re.IGNORECASE)
    for template in TEMPLATES:
        assert not handler.search(template.read_text()), template


def test_no_template_uses_hx_on_or_javascript_urls():
    for template in TEMPLATES:
        text = template.read_text()
        assert "hx-on" not in text and "javascript:" not in text, template


def test_pages_are_served_with_a_strict_policy(client_client):
    response = client_client.get(reverse("client_plan"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
