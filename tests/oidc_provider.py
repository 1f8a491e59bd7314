"""A real OpenID Connect provider process (oidc-provider-mock) for the sign-in tests.

Its authorisation page signs in whatever subject is typed (or posted); the email claim is that
subject. Any client id and secret are accepted. Import the fixtures into a conftest or module.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
import requests

CLIENT_ID = "strategy-workbench-test"
CLIENT_SECRET = "not-so-secret"


@dataclass(frozen=True)
class Provider:
    url: str

    def authorize(self, authorize_url: str, email: str) -> str:
        """Submit the provider's form as the person with ``email``; the callback URL it sends to."""
        response = requests.post(
            authorize_url, data={"sub": email}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[Provider]:
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "provider.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--require-nonce"],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if requests.get(f"{url}/.well-known/openid-configuration", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.seek(0)
            pytest.fail(f"oidc-provider-mock did not start:\n{log.read()}")
        time.sleep(0.1)
    yield Provider(url)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def oidc_settings(settings, oidc_provider: Provider) -> Provider:
    """The app configured, by issuer only (endpoints discovered), for the provider process."""
    settings.OIDC_OP_ISSUER = oidc_provider.url
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "UN Identity"
    return oidc_provider


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
