"""Removing a record from its page, for the charter's coordinators: a confirmation page, then the record
is archived (`gusp.core.archive`), never deleted, so that whatever points to it keeps its link; the
charter's archives page lists what was removed, by whom and when, each with « Restaurer ». One view for the
archivable models of every app: they are found through the app registry (this app imports none of them)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from gusp.core import archive
from gusp.core.pages import post_action
from gusp.core.users import is_anonymous

from ..models import Charter
from ..querysets import in_coordinated_charters
from .common import coordinated_charter

ARCHIVES_PER_MODEL = 200


def _model(key: str):
    model = archive.model_from_key(key)
    if model is None:
        raise Http404
    return model


def archivable_by(user, model):
    """The rows of `model` the user may remove and restore: those of the charters they coordinate (a model
    may narrow or widen that with its own `archivable_by(user)` queryset method)."""
    manager = model._default_manager
    if is_anonymous(user):
        return manager.none()
    if hasattr(manager.all(), "archivable_by"):
        return manager.all().archivable_by(user)
    return manager.filter(in_coordinated_charters(user, model.charter_path))


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _links(obj) -> list[dict]:
    """What points to the record (and keeps pointing to it once archived): a count per kind of record."""
    links = []
    for relation in type(obj)._meta.related_objects:
        related = relation.related_model
        if related.__name__.endswith("ObjectPermission") or relation.field.remote_field.related_name == "+":
            continue
        count = related._default_manager.filter(**{relation.field.name: obj}).count()
        if count:
            label = related._meta.verbose_name_plural if count > 1 else related._meta.verbose_name
            links.append({"label": str(label), "count": count})
    return links


@require_http_methods(["GET", "POST"])
def archive_confirm(request, key, pk):
    """« Retirer » a record: what it is and what points to it, then archive it (POST)."""
    model = _model(key)
    obj = get_object_or_404(archivable_by(request.user, model), pk=pk)
    charter = Charter.objects.get(pk=archive.charter_id_of(obj))
    archives_url = reverse("charter:archive_list", args=[charter.slug])
    if request.method == "POST":
        return post_action(
            request,
            lambda: archive.archive(obj, by=request.user),
            success=f"« {obj} » est retiré et archivé : les archives de la charte permettent de le restaurer.",
            target=_next(request, archives_url),
        )
    context = {
        "obj": obj,
        "verbose_name": model._meta.verbose_name,
        "charter": charter,
        "links": _links(obj),
        "next": _next(request, ""),
        "back_url": _next(request, charter.get_absolute_url()),
    }
    return render(request, "charter/accounts/archive_confirm.html", context)


@require_POST
def archive_restore(request, key, pk):
    model = _model(key)
    obj = get_object_or_404(archivable_by(request.user, model), pk=pk)
    charter = Charter.objects.get(pk=archive.charter_id_of(obj))
    return post_action(
        request,
        lambda: archive.restore(obj, by=request.user),
        success=f"« {obj} » est restauré.",
        target=_next(request, reverse("charter:archive_list", args=[charter.slug])),
    )


def archive_list(request, slug):
    """What was removed from the charter, by kind of record (the most recent first), with who and when."""
    charter = coordinated_charter(request, slug)
    sections = []
    for model in archive.archivable_models():
        rows = list(
            model._default_manager.filter(**{model.charter_path: charter.pk}, archived_at__isnull=False)
            .select_related("archived_by", *model.archive_related)
            .order_by("-archived_at", "-pk")[:ARCHIVES_PER_MODEL]
        )
        if rows:
            sections.append(
                {"key": archive.model_key(model), "label": model._meta.verbose_name_plural, "rows": rows}
            )
    context = {"charter": charter, "sections": sections, "limit": ARCHIVES_PER_MODEL}
    return render(request, "charter/accounts/archive_list.html", context)
