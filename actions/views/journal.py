from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from .. import services
from ..forms import InterventionForm
from ..models import Action, Attachment, Intervention
from ..perms import loggable_residences


@require_http_methods(["GET", "POST"])
def intervention_create(request, pk):
    action = get_object_or_404(
        Action.objects.loggable_by(request.user).select_related("sheet__charter"), pk=pk
    )
    residences = loggable_residences(request.user, action)
    # The one residence a referent may name (a landlord's, on its own action) is chosen for them: a tap less.
    only = list(residences[:2])
    form = InterventionForm(
        request.POST or None,
        request.FILES or None,
        residences=residences,
        initial={"residence": only[0].pk} if len(only) == 1 else None,
    )

    def save(f):
        data = f.cleaned_data
        return services.log_intervention(
            action=action,
            author=request.user,
            done_on=data["done_on"],
            text=data["text"],
            residence=data["residence"],
            hours=data["hours"],
            cost=data["cost"],
            files=data["files"],
        )

    return form_page(
        request,
        form,
        save,
        title=f"Journal — {action.title}",
        success_url=action.get_absolute_url(),
        back_url=action.get_absolute_url(),
        success_message="L'intervention a été consignée au journal.",
        multipart=True,
    )


def attachment(request, pk):
    """A journal file, served only to those who may read the journal."""
    item = get_object_or_404(
        Attachment.objects.filter(intervention__in=Intervention.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Ce fichier n'est plus disponible.") from missing
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=not item.is_image, filename=item.original_name
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response
