from django.conf import settings


def site(request):
    user = getattr(request, "user", None)
    unread = 0
    if getattr(user, "is_authenticated", False):
        unread = user.notifications.filter(channel="in_app", read_at__isnull=True).count()
    flags = {}
    active = getattr(request, "active_unit", None)
    if getattr(user, "is_authenticated", False) and active:
        flags["can_view_decisions"] = user.has_perm("decisions.view_decision", active)  # Dân bàn (nav)
        flags["can_view_consultations"] = user.has_perm("consultations.view_register", active)  # Lấy ý kiến (nav)
        flags["can_view_steering"] = user.has_perm("steering.view_steering", active)  # Chỉ đạo, báo cáo (nav)
        flags["can_view_cases"] = user.has_perm("cases.view_cases", active)  # Tiếp dân, đơn thư (nav)
        flags["can_manage_mediation"] = user.has_perm("cases.manage_mediation", active)  # Hòa giải (nav)
        flags["can_view_feedback"] = user.has_perm("feedback.view_feedback", active)  # Phản ánh, kiến nghị (nav)
        # Hương ước; bầu, cho thôi trưởng thôn (nav): the same capabilities see both (danchu.conventions, elections)
        flags["can_view_conventions"] = user.has_perm("conventions.view_convention", active)
        flags["can_view_evoting"] = user.has_perm("evoting.view_poll", active)  # Biểu quyết trực tuyến (nav)
    return {"SITE_NAME": settings.SITE_NAME, "unread_notifications": unread, **flags}
