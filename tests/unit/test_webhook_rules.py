"""Webhook signatures and the allowed hosts (issue 15, item 2), without a server."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from graph_service.engine.webhooks import check_url, host_allowed, sign
from graph_service.errors import ValidationFailed


def test_issue_15_the_signature_is_the_hex_hmac_sha256_of_the_body() -> None:
    body = b'{"id": 1}'
    expected = hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert sign(body, "secret") == f"sha256={expected}"


@pytest.mark.parametrize(
    ("url", "allowed", "ok"),
    [
        ("http://hooks.example/x", ["hooks.example"], True),
        ("https://hooks.example:8443/x", ["hooks.example"], True),
        ("https://hooks.example:8443/x", ["hooks.example:8443"], True),
        ("https://hooks.example/x", ["hooks.example:443"], True),
        ("http://hooks.example:8080/x", ["hooks.example:443"], False),
        ("http://HOOKS.example/x", ["hooks.example"], True),
        ("http://evil.example/x", ["hooks.example"], False),
        ("http://hooks.example.evil.example/x", ["hooks.example"], False),
        ("ftp://hooks.example/x", ["hooks.example"], False),
        ("http://hooks.example/x", [], False),
        ("http://hooks.example:99999/x", ["hooks.example"], False),
    ],
)
def test_issue_15_only_allowed_hosts_are_called(url: str, allowed: list[str], ok: bool) -> None:
    assert host_allowed(url, allowed) is ok


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/x", "http://user:pw@hooks.example/x", "hooks.example/x"]
)
def test_issue_15_a_refused_webhook_names_the_url_field(url: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_url(url, ["hooks.example"])
    assert refused.value.extensions["errors"][0]["field"] == "url"
