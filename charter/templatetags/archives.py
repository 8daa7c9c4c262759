"""Links to remove (archive) and restore a record, for the pages of every app: `{% load archives %}`,
then `<a href="{% remove_url obj next_url %}">Retirer</a>` (a confirmation page, then the record is
archived) and `{% restore_url obj %}` (the action of a POST form)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from gusp.core.archive import model_key

register = template.Library()


@register.simple_tag
def remove_url(obj, next_url: str = "") -> str:
    url = reverse("charter:archive_confirm", args=[model_key(type(obj)), obj.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@register.simple_tag
def restore_url(obj) -> str:
    return reverse("charter:archive_restore", args=[model_key(type(obj)), obj.pk])
