import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.core.settings import Settings
from dashboard.security.secrets import EditorSecret, hash_secret

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def hashed() -> str:
    return hash_secret("correct horse battery staple")


def test_editor_secret_right_secret_is_accepted(hashed):
    gate = EditorSecret(hashed)
    assert gate.writes_enabled
    assert gate.check("correct horse battery staple")


@pytest.mark.parametrize("candidate", [
    "", None, "correct horse battery stapl", "Correct horse battery staple", "correct horse battery staple ",
])
def test_editor_secret_wrong_secret_is_rejected(hashed, candidate):
    assert not EditorSecret(hashed).check(candidate)


def test_editor_secret_unset_disables_writes():
    gate = EditorSecret(None)
    assert not gate.writes_enabled
    assert not gate.check("")
    assert not gate.check("anything")


def test_editor_secret_hash_is_salted_and_never_holds_the_secret(hashed):
    assert "correct" not in hashed
    assert hash_secret("correct horse battery staple") != hashed
    with pytest.raises(ValueError, match="must not be empty"):
        hash_secret("")


def test_editor_secret_malformed_hash_fails_at_start():
    with pytest.raises(ValueError, match="ATLAS_EDITOR_SECRET_HASH is not a hash"):
        EditorSecret("plain-text-secret")


def test_editor_secret_comes_from_the_environment(hashed):
    assert Settings.from_env({}).editor_secret_hash is None
    settings = Settings.from_env({"ATLAS_EDITOR_SECRET_HASH": hashed})
    assert EditorSecret(settings.editor_secret_hash).check("correct horse battery staple")


def test_editor_secret_cli_prints_a_hash_that_checks():
    result = subprocess.run([sys.executable, "-m", "dashboard", "hash-secret", "--stdin"], cwd=ROOT,
                            input="s3cret words\n", capture_output=True, text=True, check=True)
    encoded = result.stdout.strip()
    assert encoded.startswith("scrypt$")
    assert EditorSecret(encoded).check("s3cret words")
    assert not EditorSecret(encoded).check("s3cret word")
