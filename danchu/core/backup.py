"""Backups and restores: the database, the uploaded files and a manifest with checksums — never the keys.

    danchu backup /srv/backups/danchu-2026-12-08.tar        # while the site runs
    danchu restore /srv/backups/danchu-2026-12-08.tar --yes

A backup is one tar file:
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or `database.pgdump`
  (`pg_dump -Fc`, restored with `pg_restore --clean`), of the engine the installation uses;
- `media/…`, every uploaded file (local storage; an S3 bucket is backed up by its own tools);
- `manifest.json`: when, the engine, the applied migrations, each member's size and SHA-256, the head of the
  audit chain, and the fingerprints (never the keys) of the keys the data needs.

The keys in DANCHU_KEY_DIR are NOT in it, on purpose: whoever holds a backup must not hold the keys that protect
it (README, "Khóa · Keys"). A restore checks every checksum before it touches anything, refuses a backup of
another engine or of a newer schema, replaces the database and the media, and reports whether the audit chain
verifies with the keys of this machine (it will not, with a clear message, when the keys were not restored).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "danchu-backup/1"


class BackupError(Exception):
    """A backup that cannot be made or restored, with a message for the administrator."""


@dataclass(frozen=True)
class Result:
    path: Path
    members: int
    bytes: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env() -> tuple[list[str], dict]:
    params = connection.get_connection_params()
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args = []
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if params.get(key):
            args += [flag, str(params[key])]
    return args + ["-d", str(params.get("dbname") or connection.settings_dict["NAME"])], env


def _dump_database(workdir: Path) -> Path:
    if _engine() == "sqlite":
        target = workdir / "database.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(str(target))
        try:
            connection.connection.backup(dest)  # consistent online copy, WAL included
        finally:
            dest.close()
        return target
    target = workdir / "database.pgdump"
    args, env = _pg_env()
    done = subprocess.run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(target), *args], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
    return target


def _media_root() -> Path | None:
    from django.core.files.storage import default_storage

    location = getattr(default_storage, "location", None)
    return Path(location) if location else None


def _audit_head() -> dict:
    from .models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).first()
    return {"seq": head.seq, "hash": head.hash} if head else {"seq": 0, "hash": ""}


def _key_fingerprints() -> dict:
    from . import keys

    return {"audit_chain": [keys.fingerprint(k) for k in keys.audit_keys()],
            "checkpoint_signing": keys.public_key_b64()}


def backup(destination: str | Path, *, include_media: bool = True) -> Result:
    """Write one tar file to `destination` (a file path, or a directory to put a dated file in)."""
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"danchu-{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%SZ}.tar"
    with tempfile.TemporaryDirectory(prefix="danchu-backup-") as tmp:
        workdir = Path(tmp)
        database = _dump_database(workdir)
        members = [(database, database.name)]
        media = _media_root() if include_media else None
        if media and media.exists():
            members += [(p, "media/" + p.relative_to(media).as_posix()) for p in sorted(media.rglob("*"))
                        if p.is_file()]
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": _engine(),
            "migrations": sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()),
            "audit_head": _audit_head(),
            "keys_needed": _key_fingerprints(),
            "files": {name: {"size": path.stat().st_size, "sha256": _sha256(path)} for path, name in members},
        }
        partial = destination.with_suffix(destination.suffix + ".part")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(data), int(datetime.datetime.now(datetime.UTC).timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            for path, name in members:
                tar.add(path, arcname=name, recursive=False)
        partial.chmod(0o600)
        partial.replace(destination)
    return Result(destination, len(members), destination.stat().st_size)


def read_manifest(path: str | Path) -> dict:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{path}: not a danchu backup ({exc.__class__.__name__})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def _safe_members(tar: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    members = []
    for info in tar.getmembers():
        if info.name == "manifest.json":
            continue
        if not info.isfile() or info.name.startswith("/") or ".." in Path(info.name).parts:
            raise BackupError(f"unexpected member {info.name!r} in the backup")
        if info.name not in manifest["files"]:
            raise BackupError(f"{info.name} is in the backup but not in its manifest")
        members.append(info)
    missing = set(manifest["files"]) - {m.name for m in members}
    if missing:
        raise BackupError(f"the backup lacks {sorted(missing)[:3]}")
    return members


def restore(path: str | Path) -> dict:
    """Check, then replace the database and the media with the backup's. Returns the manifest and a report."""
    manifest = read_manifest(path)
    if manifest["engine"] != _engine():
        raise BackupError(f"this backup is of a {manifest['engine']} database; this installation uses {_engine()}")
    known = {f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations()}
    newer = sorted(set(manifest["migrations"]) - known)
    if newer and any(_migration_unknown(m) for m in newer):
        raise BackupError(f"the backup was made by a newer danchu (migrations {newer[:3]}): upgrade first")
    with tempfile.TemporaryDirectory(prefix="danchu-restore-") as tmp, tarfile.open(path, "r") as tar:
        workdir = Path(tmp)
        for info in _safe_members(tar, manifest):
            target = workdir / info.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(info) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            expected = manifest["files"][info.name]
            if target.stat().st_size != expected["size"] or _sha256(target) != expected["sha256"]:
                raise BackupError(f"{info.name}: checksum does not match the manifest (damaged backup)")
        _restore_database(workdir)
        media = _media_root()
        if media is not None and (workdir / "media").exists():
            for source in (workdir / "media").rglob("*"):
                if source.is_file():
                    dest = media / source.relative_to(workdir / "media")
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, dest)
    return {"manifest": manifest, "audit": _verify_after_restore()}


def _migration_unknown(name: str) -> bool:
    from django.db.migrations.loader import MigrationLoader

    app, migration = name.split(".", 1)
    return (app, migration) not in MigrationLoader(None, ignore_no_migrations=True).disk_migrations


def _restore_database(workdir: Path) -> None:
    if _engine() == "sqlite":
        source = sqlite3.connect(str(workdir / "database.sqlite3"))
        try:
            connection.ensure_connection()
            source.backup(connection.connection)  # replaces every page of the live database
        finally:
            source.close()
        return
    args, env = _pg_env()
    connection.close()
    done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", *args, str(workdir / "database.pgdump")], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")


def _verify_after_restore() -> str:
    from . import audit, keys

    try:
        breach = audit.verify()
    except keys.KeyProblem as exc:
        return f"the audit log cannot be verified here: {exc}"
    if breach is None:
        return "ok"
    return f"#{breach.seq}: {breach.reason}"


__all__ = ["FORMAT", "BackupError", "Result", "backup", "read_manifest", "restore"]
