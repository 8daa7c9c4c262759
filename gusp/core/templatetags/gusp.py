import uuid
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from ..demo import demo_data_present
from ..idempotency import FIELD, valid_key

register = template.Library()


@register.simple_tag(takes_context=True)
def form_key(context):
    """The one-time key of a form (see gusp.core.idempotency): a new one for a new form, the posted one
    when the form comes back with errors."""
    request = context.get("request")
    posted = request.POST.get(FIELD, "") if request is not None and request.method == "POST" else ""
    key = posted if valid_key(posted) else uuid.uuid4().hex
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)


@register.simple_tag(takes_context=True)
def slot(context, name, *args):
    """What the applications above contribute to a page of an application below, without the page's app
    importing them (the dependencies stay one-way): the functions listed in `settings.GUSP_TEMPLATE_SLOTS`
    under `name`, each `function(context, *args) -> str` returning safe HTML (e.g. the funding flags of a
    project sheet on the action plan's pages, the links of a charter's page)."""
    parts = [import_string(path)(context, *args) for path in settings.GUSP_TEMPLATE_SLOTS.get(name, ())]
    return mark_safe("".join(str(part) for part in parts if part))  # noqa: S308 - each part is escaped HTML


@register.filter
def plain_number(value):
    """A decimal as a source writes it: no trailing zeros (21.10 is « 21,1 », 2205.00 is « 2 205 »), in
    the page's number format. Empty for None."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


@register.simple_tag
def demo_banner():
    """The banner of every page while demonstration records exist (`gusp.core.demo`): one cached query."""
    if not demo_data_present():
        return ""
    return format_html(
        '<p class="message message-demo" role="note">{}</p>',
        "Cette plateforme contient des données de démonstration : les réunions, actions, journaux, mesures, "
        "constats et montants marqués « démonstration » sont inventés pour l'exemple et ne figurent pas "
        "dans la charte.",
    )


@register.filter
def invalid_with(field, error_id: str):
    """The widget of a bound field marked invalid and tied to an error shown elsewhere on the page (`error_id`,
    e.g. the login's « nom d'utilisateur ou mot de passe incorrect », which belongs to no single field): screen
    readers read that error with the field, and the field loses `autofocus` (the focus goes to the error)."""
    described = " ".join(part for part in (field.aria_describedby, error_id) if part)
    return field.as_widget(attrs={"aria-invalid": "true", "aria-describedby": described, "autofocus": False})
