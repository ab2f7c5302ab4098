from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """{{ row.cells|dictget:indicator.pk }}: a dict lookup by a variable key (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
