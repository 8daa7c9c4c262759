import uuid

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

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
