"""Request and response policies that hold on every page."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class BodySizeLimitMiddleware:
    """Refuse a request whose announced body is larger than allowed before anything reads it (uploads are
    otherwise received whole before a view can refuse them): `GUSP_MAX_BODY_BYTES` for logged-in users,
    `GUSP_MAX_ANONYMOUS_BODY_BYTES` for visitors (the login page, the public report form). The reverse
    proxy caps bodies too (README, deployment), including those sent without a length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            user = getattr(request, "user", None)
            logged_in = user is not None and user.is_authenticated
            limit = settings.GUSP_MAX_BODY_BYTES if logged_in else settings.GUSP_MAX_ANONYMOUS_BODY_BYTES
            if length > limit:
                body = render_to_string("413.html", {"limit_mb": limit // (1024 * 1024)}, request=request)
                return HttpResponse(body, status=413)
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages, exports and files served to a logged-in user are never kept by a shared cache or the
    browser's disk cache: `Cache-Control: private, no-store` (unless the view set its own policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
