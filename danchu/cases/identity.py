"""Sealing a denouncer's identity (Luật Tố cáo 2018 Art.8.3, 9.1.b, 47, 56).

The name, address, ID number, contact and handwriting-scan references of a denouncer are never stored in
clear: they are serialised to JSON and encrypted with Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`).

Key from configuration: `DANCHU_IDENTITY_KEYS` (environment or settings), a comma-separated list of Fernet
keys, the first used to encrypt and all tried to decrypt (key rotation with MultiFernet). Without it the key is
derived from SECRET_KEY with HKDF under a label of its own, so a development install works; a production
install should set its own key and keep it apart from the database backups.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_LABEL = b"danchu.cases.denouncer-identity.v1"


@dataclass(frozen=True)
class Identity:
    full_name: str = ""
    address: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    note: str = ""  # e.g. the letter's handwriting scans are kept on paper in the confidential file

    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def values(self) -> list[str]:
        return [v for v in asdict(self).values() if v]


def _keys() -> list[bytes]:
    configured = settings.DANCHU_IDENTITY_KEYS
    if isinstance(configured, str):
        configured = [k.strip() for k in configured.split(",") if k.strip()]
    keys = [k.encode() if isinstance(k, str) else k for k in configured]
    if keys:
        return keys
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    secret = settings.SECRET_KEY.encode() if isinstance(settings.SECRET_KEY, str) else settings.SECRET_KEY
    if not secret:
        raise ImproperlyConfigured("DANCHU_IDENTITY_KEYS or SECRET_KEY is needed to seal denouncers' identities")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL).derive(secret)
    return [base64.urlsafe_b64encode(derived)]


def _fernet():
    from cryptography.fernet import Fernet, MultiFernet

    return MultiFernet([Fernet(k) for k in _keys()])


def seal(identity: Identity) -> bytes:
    payload = json.dumps(asdict(identity), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return _fernet().encrypt(payload)


def unseal(token: bytes) -> Identity:
    data = json.loads(_fernet().decrypt(bytes(token)).decode("utf-8"))
    return Identity(**{k: str(v) for k, v in data.items() if k in Identity.__dataclass_fields__})


def generate_key() -> str:
    """A new key for DANCHU_IDENTITY_KEYS."""
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
