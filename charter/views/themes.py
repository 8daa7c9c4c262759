from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from ..forms import OrientationForm, ThemeForm
from ..models import Charter, Orientation, Theme
from ..perms import can_coordinate


@login_not_required
def theme_list(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    themes = charter.themes.prefetch_related(
        "sub_themes",
        Prefetch(
            "orientations",
            queryset=Orientation.objects.select_related("sub_theme").order_by("sub_theme_id", "order", "pk"),
        ),
    )
    return render(
        request,
        "charter/theme_list.html",
        {"charter": charter, "themes": themes, "can_coordinate": can_coordinate(request.user, charter)},
    )


@require_http_methods(["GET", "POST"])
def theme_edit(request, pk):
    theme = get_object_or_404(Theme.objects.editable_by(request.user).select_related("charter"), pk=pk)
    back = reverse("charter:theme_list", args=[theme.charter.slug])
    form = ThemeForm(request.POST or None, instance=theme)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title="Thème prioritaire",
        success_url=back,
        back_url=back,
        success_message="Le thème a été enregistré.",
    )


@require_http_methods(["GET", "POST"])
def orientation_edit(request, theme_pk, pk=None):
    theme = get_object_or_404(Theme.objects.editable_by(request.user).select_related("charter"), pk=theme_pk)
    orientation = get_object_or_404(Orientation, theme=theme, pk=pk) if pk else None
    back = reverse("charter:theme_list", args=[theme.charter.slug])
    form = OrientationForm(request.POST or None, instance=orientation, theme=theme)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Orientation opérationnelle — {theme.title}",
        success_url=back,
        back_url=back,
        success_message="L'orientation a été enregistrée.",
    )
