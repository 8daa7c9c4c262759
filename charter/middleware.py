from django.utils.functional import SimpleLazyObject


class OrganisationMiddleware:
    """Sets `request.organisation`: the partner organisation of the logged-in user (or None)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def organisation():
            user = request.user
            return user.organisation if user.is_authenticated else None

        request.organisation = SimpleLazyObject(organisation)
        return self.get_response(request)
