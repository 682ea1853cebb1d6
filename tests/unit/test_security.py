import pytest

from dashboard.security.policy import content_security_policy, same_origin, security_headers
from dashboard.security.secrets import load_or_create_secret_key


@pytest.mark.parametrize(("method", "headers", "allowed"), [
    ("GET", {}, True),
    ("POST", {"Origin": "http://atlas.test"}, True),
    ("POST", {"Referer": "http://atlas.test/data"}, True),
    ("POST", {"Origin": "http://evil.test"}, False),
    ("POST", {"Origin": "http://atlas.test:9999"}, False),
    ("POST", {"Referer": "http://evil.test/x"}, False),
    ("POST", {}, False),
    ("POST", {"Origin": "null"}, False),
    ("POST", {"Origin": "http://atlas.test", "Sec-Fetch-Site": "cross-site"}, False),
    ("DELETE", {"Origin": "http://evil.test"}, False),
])
def test_same_origin_refuses_cross_site_writes(method, headers, allowed):
    assert same_origin(method, "atlas.test", headers) is allowed


def test_content_security_policy_allows_hashed_scripts_and_map_workers():
    csp = content_security_policy(["'sha256-abc'"])
    assert "script-src 'self' 'sha256-abc'" in csp
    assert "worker-src 'self' blob:" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-eval'" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
    headers = security_headers(csp)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_secret_key_is_created_once_and_shared(tmp_path):
    first = load_or_create_secret_key(tmp_path)
    assert len(first) > 40 and load_or_create_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert load_or_create_secret_key(tmp_path, "configured") == "configured"
