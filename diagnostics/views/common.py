from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt

from charter.models import Charter
from charter.perms import can_coordinate

PER_PAGE = 50


def member_charter(request, slug) -> Charter:
    """The charter, if the user takes part in it (404 otherwise)."""
    return get_object_or_404(Charter.objects.member_of(request.user), slug=slug)


def coordinated_charter(request, slug) -> Charter:
    """The charter, if the user coordinates it; 404 if they do not take part in it, 403 if they only read."""
    charter = member_charter(request, slug)
    if not can_coordinate(request.user, charter):
        raise PermissionDenied
    return charter


def paginate(request, queryset, per_page: int = PER_PAGE):
    """A page of `queryset` and the query string without `page` (for the pagination links)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def declared_length(request) -> int | None:
    """The body length the client declared, or None when it is not a number."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def body_cap(max_bytes: int, *, refuse):
    """Refuse a POST whose declared body is larger than `max_bytes` before anything reads it — the CSRF
    check included, which would otherwise parse (and store) the whole multipart body first —, then check
    CSRF as the middleware would. `refuse(request, max_bytes)` answers a body too large (413)."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def capped(request, *args, **kwargs):
            if request.method == "POST":
                length = declared_length(request)
                if length is None or length > max_bytes:
                    return refuse(request, max_bytes)
                failure = CsrfViewMiddleware(lambda r: None).process_view(request, view, args, kwargs)
                if failure is not None:
                    return failure
            return view(request, *args, **kwargs)

        return capped

    return decorator
