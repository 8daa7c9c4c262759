"""The coordinator's configuration of a charter's field half: the grid of categories (with their target
delays), the routing rules, and the Open311 keys of the partners."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from charter.perms import can_coordinate
from gusp.core import idempotency
from gusp.core.pages import form_page, post_action

from .. import services
from ..choices import PlaceKind
from ..forms import ApiKeyForm, CategoryForm, RoutingRuleForm
from ..models import ApiKey, Category, RoutingRule
from .common import coordinated_charter, member_charter


def category_list(request, slug):
    charter = member_charter(request, slug)
    context = {
        "charter": charter,
        "categories": Category.objects.filter(charter=charter).select_related("sheet"),
        "can_edit": can_coordinate(request.user, charter),
    }
    return render(request, "diagnostics/category_list.html", context)


@require_http_methods(["GET", "POST"])
def category_edit(request, slug=None, pk=None):
    if pk is not None:
        category = get_object_or_404(
            Category.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = category.charter
    else:
        charter, category = coordinated_charter(request, slug), None
    form = CategoryForm(request.POST or None, instance=category, charter=charter)
    back = reverse("diagnostics:category_list", args=[charter.slug])
    return form_page(
        request,
        form,
        lambda f: services.save_category(category=f.save(commit=False)),
        title=f"Modifier la catégorie « {category.label} »"
        if category
        else "Nouvelle catégorie de dysfonctionnement",
        success_url=back,
        back_url=back,
        success_message="La catégorie a été enregistrée.",
    )


def rule_list(request, slug):
    """The routing rules, by kind of place; a change applies to the findings routed after it."""
    charter = member_charter(request, slug)
    rules = RoutingRule.objects.filter(charter=charter).with_related()
    by_place = [(kind, [r for r in rules if r.place_kind == kind]) for kind in PlaceKind]
    context = {
        "charter": charter,
        "by_place": by_place,
        "can_edit": can_coordinate(request.user, charter),
    }
    return render(request, "diagnostics/rule_list.html", context)


@require_http_methods(["GET", "POST"])
def rule_edit(request, slug=None, pk=None):
    if pk is not None:
        rule = get_object_or_404(
            RoutingRule.objects.editable_by(request.user).select_related("charter"), pk=pk
        )
        charter = rule.charter
    else:
        charter, rule = coordinated_charter(request, slug), None
    form = RoutingRuleForm(request.POST or None, instance=rule, charter=charter)
    back = reverse("diagnostics:rule_list", args=[charter.slug])
    return form_page(
        request,
        form,
        lambda f: services.save_rule(rule=f.save(commit=False)),
        title="Modifier une règle d'orientation" if rule else "Nouvelle règle d'orientation",
        success_url=back,
        back_url=back,
        success_message="La règle est enregistrée ; elle s'applique aux constats orientés désormais.",
    )


@require_POST
def rule_delete(request, pk):
    rule = get_object_or_404(RoutingRule.objects.editable_by(request.user).select_related("charter"), pk=pk)
    return post_action(
        request,
        lambda: services.delete_rule(rule=rule),
        success="La règle est supprimée ; les constats déjà orientés ne changent pas.",
        target=reverse("diagnostics:rule_list", args=[rule.charter.slug]),
    )


def key_list(request, slug):
    charter = coordinated_charter(request, slug)
    keys = ApiKey.objects.filter(charter=charter).select_related("organisation", "created_by")
    return render(
        request,
        "diagnostics/key_list.html",
        {"charter": charter, "keys": keys, "form": ApiKeyForm(charter=charter)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def key_create(request, slug):
    """Make a key and show it once, in the answer to the POST itself (never stored in clear, never
    redirected to a page that could be reloaded). The form's one-time key makes a double post one key."""
    charter = coordinated_charter(request, slug)
    back = reverse("diagnostics:key_list", args=[charter.slug])
    form = ApiKeyForm(request.POST or None, charter=charter)
    if request.method == "POST":
        earlier = idempotency.already_submitted(request)
        if earlier is not None:
            messages.info(request, "Cette clé avait déjà été créée : elle ne s'affiche qu'une fois.")
            return redirect(earlier.result_url)
        if form.is_valid():
            try:
                with transaction.atomic():
                    submitted = idempotency.spend(request)
                    key, raw = services.create_api_key(
                        charter=charter,
                        organisation=form.cleaned_data["organisation"],
                        label=form.cleaned_data["label"],
                        author=request.user,
                    )
                    idempotency.remember(submitted, back)
            except idempotency.DuplicateSubmission:
                return redirect(back)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                response = render(
                    request, "diagnostics/key_created.html", {"charter": charter, "key": key, "raw": raw}
                )
                response["Cache-Control"] = "no-store"
                return response
    context = {
        "form": form,
        "title": "Nouvelle clé d'API Open311",
        "back_url": back,
        "multipart": False,
        "conflict": None,
    }
    return render(request, "core/form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def key_revoke(request, pk):
    key = get_object_or_404(
        ApiKey.objects.editable_by(request.user).select_related("charter", "organisation"), pk=pk
    )
    return post_action(
        request,
        lambda: services.revoke_api_key(key=key),
        success=f"La clé « {key.label} » de {key.organisation} est révoquée.",
        target=reverse("diagnostics:key_list", args=[key.charter.slug]),
    )
