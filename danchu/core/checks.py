from django.conf import settings
from django.core.checks import Warning, register


@register()
def secret_key_from_environment(app_configs, **kwargs):
    if not settings.DEBUG and settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not __import__("os").environ.get("SECRET_KEY"):
        return [Warning("SECRET_KEY is generated and kept in DANCHU_DATA_DIR; with several servers set it "
                        "in the environment so that all of them share it.", id="danchu.W001")]
    return []


@register(deploy=True)
def keys_apart_from_the_data(app_configs, **kwargs):
    """The keys sealing denouncers' identities and protecting the audit log must not sit with the data they
    protect (issue 12, "Keys"): an error for a production deployment (`danchu check --deploy`)."""
    from pathlib import Path

    from django.core.checks import Error

    key_dir = Path(settings.DANCHU_KEY_DIR).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if key_dir == data_dir or data_dir in key_dir.parents:
        return [Error("DANCHU_KEY_DIR is inside DANCHU_DATA_DIR: a copy of the data would carry the keys that "
                      "seal denouncers' identities and protect the audit log.",
                      hint="Set DANCHU_KEY_DIR to a directory of its own (e.g. /etc/danchu/keys, mode 0700), "
                           "backed up separately from the database and the media (README, 'Khóa · Keys').",
                      id="danchu.E002")]
    return []
