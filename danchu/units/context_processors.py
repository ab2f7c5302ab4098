def active_unit(request):
    unit = getattr(request, "active_unit", None)
    return {"active_unit": unit if unit else None}
