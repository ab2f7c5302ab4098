"""Keys kept apart from the data: the identity keys, the audit log's chain key and its checkpoint signing key.

Someone who can write to the database must not be able to rewrite the audit log undetected, so the keys that
protect it are never stored in the database: they live in `settings.DANCHU_KEY_DIR` (a directory of its own,
mode 0700, to be backed up separately from the database and the media — see the README) or come from the
environment. `danchu keys` creates, shows, rotates and checks them.

- The **audit chain key** (HMAC-SHA256): each audit row's hash is HMAC(key, previous hash + row). Without the key a
  row cannot be re-hashed after an edit. Several keys can be known (`audit-chain.keys`, newest first, one base64
  key a line, or `DANCHU_AUDIT_KEYS`); rows name the key they were chained with (`key_id`), so a rotation keeps
  the old rows verifiable.
- The **identity keys** (Fernet, newest first: `identity.keys` or `DANCHU_IDENTITY_KEYS`) seal denouncers' identities
  (cases/identity.py). They are never derived from SECRET_KEY: a copy of the database and of the settings must not
  reveal a denouncer. Rotation puts a new key first; `danchu reseal_identities` then encrypts every identity again
  with it, after which the old key may be removed.
- The **checkpoint signing key** (Ed25519): the head of the chain is signed from time to time and the signed
  checkpoints are published (a public page and feed the Front can keep, and a file outside the database). The public
  key is published with them, so anyone can check a checkpoint; a tail cut with the head moved back, or the whole
  table deleted, contradicts a checkpoint kept outside.

Files are created on first use (like the generated SECRET_KEY), so a fresh installation works; production sets
DANCHU_KEY_DIR to a directory outside DANCHU_DATA_DIR (a deploy check warns otherwise).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

AUDIT_KEYS_FILE = "audit-chain.keys"
SIGNING_KEY_FILE = "audit-signing.pem"
IDENTITY_KEYS_FILE = "identity.keys"


class KeyProblem(Exception):
    """A key that is missing or unreadable, with a message for the administrator."""


def key_dir() -> Path:
    path = Path(settings.DANCHU_KEY_DIR)
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o700)
    return path


def fingerprint(material: bytes) -> str:
    """A short public name for a key (never the key): the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(material).hexdigest()[:16]


def _write_private(path: Path, data: bytes) -> bool:
    """Create `path` (mode 0600) with `data`; False when another process created it first (keep theirs)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return True


# --- the audit chain key (HMAC) ---------------------------------------------------------------------


def _parse_keys(text: str) -> list[bytes]:
    keys = []
    for line in text.replace(",", "\n").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                keys.append(base64.urlsafe_b64decode(line.encode()))
            except ValueError as exc:
                raise KeyProblem(f"an audit chain key is not valid base64: {exc}") from None
    return keys


@cache
def audit_keys() -> tuple[bytes, ...]:
    """The known audit chain keys, newest first (created on first use)."""
    configured = settings.DANCHU_AUDIT_KEYS
    if configured:
        keys = _parse_keys(",".join(configured))
    else:
        path = key_dir() / AUDIT_KEYS_FILE
        if not path.exists():
            create_audit_key()
        keys = _parse_keys(path.read_text())
    if not keys:
        raise KeyProblem("no audit chain key: run `danchu keys create`")
    return tuple(keys)


def create_audit_key(*, rotate: bool = False) -> str:
    """Create the key file (or, with rotate, put a new key first); returns the new key's fingerprint."""
    path = key_dir() / AUDIT_KEYS_FILE
    key = secrets.token_bytes(32)
    line = base64.urlsafe_b64encode(key).decode() + "\n"
    if path.exists():
        if not rotate:
            return fingerprint(audit_keys()[0])
        old = path.read_text()
        tmp = path.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        _write_private(tmp, (line + old).encode())
        tmp.replace(path)
    else:
        _write_private(path, line.encode())
    audit_keys.cache_clear()
    return fingerprint(key)


def current_audit_key() -> tuple[str, bytes]:
    key = audit_keys()[0]
    return fingerprint(key), key


def audit_key(key_id: str) -> bytes | None:
    return next((k for k in audit_keys() if fingerprint(k) == key_id), None)


def mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


# --- the identity keys (Fernet) ---------------------------------------------------------------------


def _new_fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


@cache
def identity_keys() -> tuple[bytes, ...]:
    """The Fernet keys sealing denouncers' identities, newest first (the file is created on first use)."""
    configured = [k.strip() for k in settings.DANCHU_IDENTITY_KEYS if k.strip()]
    if not configured:
        path = key_dir() / IDENTITY_KEYS_FILE
        if not path.exists():
            create_identity_key()
        configured = [line.strip() for line in path.read_text().splitlines()
                      if line.strip() and not line.startswith("#")]
    if not configured:
        raise KeyProblem("no identity key: run `danchu keys create`")
    return tuple(k.encode() for k in configured)


def create_identity_key(*, rotate: bool = False) -> str:
    """Create the identity key file (or, with rotate, put a new key first); returns the new key's fingerprint."""
    if settings.DANCHU_IDENTITY_KEYS:
        raise KeyProblem("DANCHU_IDENTITY_KEYS is set in the environment: add the new key there, first")
    path = key_dir() / IDENTITY_KEYS_FILE
    key = _new_fernet_key()
    if path.exists() and not rotate:
        return fingerprint(identity_keys()[0])
    if path.exists():
        tmp = path.with_suffix(".new")
        tmp.unlink(missing_ok=True)
        _write_private(tmp, (key + "\n" + path.read_text()).encode())
        tmp.replace(path)
    else:
        _write_private(path, (key + "\n").encode())
    identity_keys.cache_clear()
    return fingerprint(key.encode())


def identity_fernet():
    """A MultiFernet over the identity keys: encrypts with the newest, decrypts with any."""
    from cryptography.fernet import Fernet, MultiFernet

    try:
        return MultiFernet([Fernet(k) for k in identity_keys()])
    except ValueError as exc:
        raise KeyProblem(f"an identity key is not a valid Fernet key: {exc}") from None


# --- the checkpoint signing key (Ed25519) -----------------------------------------------------------


@cache
def signing_key():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_dir() / SIGNING_KEY_FILE
    if not path.exists():
        private = Ed25519PrivateKey.generate()
        _write_private(path, private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as exc:
        raise KeyProblem(f"{path}: not a readable signing key ({exc})") from None


def public_key_bytes() -> bytes:
    from cryptography.hazmat.primitives import serialization

    return signing_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_b64() -> str:
    return base64.b64encode(public_key_bytes()).decode()


def sign(message: str) -> str:
    return base64.b64encode(signing_key().sign(message.encode("utf-8"))).decode()


def verify_signature(message: str, signature: str, public_key_b64_: str | None = None) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    raw = base64.b64decode(public_key_b64_) if public_key_b64_ else public_key_bytes()
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(base64.b64decode(signature), message.encode("utf-8"))
    except (InvalidSignature, ValueError):
        return False
    return True


def describe() -> list[tuple[str, str]]:
    """What `danchu keys show` prints: each key's role and public fingerprint (never the key)."""
    rows = [(f"identity key {i + 1}{' (current)' if i == 0 else ''}", fingerprint(k))
            for i, k in enumerate(identity_keys())]
    rows += [(f"audit chain key {i + 1}{' (current)' if i == 0 else ''}", fingerprint(k))
             for i, k in enumerate(audit_keys())]
    rows.append(("checkpoint signing key (public)", public_key_b64()))
    return rows


def reset_caches() -> None:
    audit_keys.cache_clear()
    identity_keys.cache_clear()
    signing_key.cache_clear()


__all__ = ["KeyProblem", "audit_key", "audit_keys", "create_audit_key", "create_identity_key", "current_audit_key",
           "describe", "identity_fernet", "identity_keys",
           "fingerprint", "key_dir", "mac", "public_key_b64", "reset_caches", "sign", "signing_key",
           "verify_signature"]
