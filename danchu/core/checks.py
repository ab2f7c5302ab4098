from django.conf import settings
from django.core.checks import Warning, register


@register()
def secret_key_from_environment(app_configs, **kwargs):
    if not settings.DEBUG and settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not __import__("os").environ.get("SECRET_KEY"):
        return [Warning("SECRET_KEY is generated and kept in DANCHU_DATA_DIR; with several servers set it "
                        "in the environment so that all of them share it.", id="danchu.W001")]
    return []
