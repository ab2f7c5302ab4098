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
    """The keys protecting the audit log must not sit with the data they protect (issue 12, "Keys")."""
    from pathlib import Path

    key_dir = Path(settings.DANCHU_KEY_DIR).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if key_dir == data_dir or data_dir in key_dir.parents:
        return [Warning("DANCHU_KEY_DIR is inside DANCHU_DATA_DIR: a copy of the data would carry the keys that "
                        "protect it. Set DANCHU_KEY_DIR to a directory of its own, backed up separately.",
                        id="danchu.W002")]
    return []
