from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gusp.core.pages import form_page

from ..forms import OrientationForm, SubThemeForm, ThemeCreateForm, ThemeForm
from ..models import Charter, Orientation, SubTheme, Theme
from ..perms import can_coordinate
from .common import coordinated_charter


def sheets_of_orientations(user) -> Prefetch:
    """The project sheets filed under each orientation that `user` may see (`orientation.sheets`).

    Project sheets belong to the action plan (the `actions` app, above this one): they are reached through
    the reverse side of their `orientations` link and read through their own `visible_to`, without this
    module importing them (the dependencies stay one-way)."""
    sheet_model = Orientation._meta.get_field("project_sheets").related_model
    return Prefetch(
        "project_sheets",
        queryset=sheet_model.objects.visible_to(user).only("pk", "number", "title").order_by("number"),
        to_attr="sheets",
    )


@login_not_required
def theme_list(request, slug):
    charter = get_object_or_404(Charter.objects.visible_to(request.user), slug=slug)
    themes = charter.themes.live().prefetch_related(
        Prefetch("sub_themes", queryset=SubTheme.objects.live()),
        Prefetch(
            "orientations",
            queryset=Orientation.objects.live()
            .select_related("sub_theme")
            .prefetch_related(sheets_of_orientations(request.user))
            .order_by("sub_theme_id", "order", "pk"),
        ),
    )
    themes = list(themes)
    for theme in themes:
        # Sub-themes no orientation is filed under yet: listed too, so that they can be edited or removed.
        filed = {orientation.sub_theme_id for orientation in theme.orientations.all()}
        theme.empty_sub_themes = [sub for sub in theme.sub_themes.all() if sub.pk not in filed]
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
    orientation = get_object_or_404(Orientation.objects.live(), theme=theme, pk=pk) if pk else None
    back = reverse("charter:theme_list", args=[theme.charter.slug])
    form = OrientationForm(request.POST or None, instance=orientation, theme=theme)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Modifier une orientation du thème {theme.code} — {theme.title}"
        if orientation
        else f"Nouvelle orientation du thème {theme.code} — {theme.title}",
        success_url=back,
        back_url=back,
        success_message="L'orientation a été enregistrée.",
    )


@require_http_methods(["GET", "POST"])
def theme_create(request, slug):
    charter = coordinated_charter(request, slug)
    back = reverse("charter:theme_list", args=[charter.slug])
    form = ThemeCreateForm(request.POST or None, charter=charter)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title="Nouveau thème prioritaire",
        success_url=back,
        back_url=back,
        success_message="Le thème a été créé.",
    )


@require_http_methods(["GET", "POST"])
def sub_theme_edit(request, theme_pk, pk=None):
    theme = get_object_or_404(Theme.objects.editable_by(request.user).select_related("charter"), pk=theme_pk)
    sub_theme = get_object_or_404(SubTheme.objects.live(), theme=theme, pk=pk) if pk else None
    back = reverse("charter:theme_list", args=[theme.charter.slug])
    form = SubThemeForm(request.POST or None, instance=sub_theme, theme=theme)
    return form_page(
        request,
        form,
        lambda f: f.save(),
        title=f"Sous-thème — {theme.title}",
        success_url=back,
        back_url=back,
        success_message="Le sous-thème a été enregistré.",
    )
