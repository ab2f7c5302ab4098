from rest_framework.authentication import SessionAuthentication

from .middleware import needs_second_factor


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session authentication for the API that ignores an official's session until the second factor
    is passed (API tokens are only issued after two-factor authentication: accounts.views.token_rotate)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result and needs_second_factor(result[0]):
            return None
        return result


try:  # document it in the OpenAPI schema like Django's session authentication
    from drf_spectacular.authentication import SessionScheme

    class VerifiedSessionScheme(SessionScheme):
        target_class = VerifiedSessionAuthentication
        name = "cookieAuth"
except ImportError:  # pragma: no cover
    pass
