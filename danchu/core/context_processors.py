from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    unread = 0
    if getattr(user, "is_authenticated", False):
        unread = user.notifications.filter(channel="in_app", read_at__isnull=True).count()
    return {"SITE_NAME": settings.SITE_NAME, "unread_notifications": unread}
