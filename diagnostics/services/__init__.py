"""Writes of walking diagnostics and findings, one module per subject; every function is keyword-only,
atomic and validating (a broken rule raises a ValidationError in French and writes nothing)."""

from .api_keys import authenticate, create_api_key, revoke_api_key
from .findings import (
    change_state,
    check_at_walk,
    create_action,
    link_action,
    previous_open,
    record_finding,
    reroute,
    set_public,
)
from .grid import delete_rule, save_category, save_rule
from .notifications import deliver_reporter, deliver_routed
from .perimeters import import_features, save_perimeter
from .reports import accept_report, purge_reporter_emails, reject_report, submit_report
from .walks import add_member, remove_member, save_walk

__all__ = [
    "accept_report",
    "add_member",
    "authenticate",
    "change_state",
    "check_at_walk",
    "create_action",
    "create_api_key",
    "delete_rule",
    "deliver_reporter",
    "deliver_routed",
    "import_features",
    "link_action",
    "previous_open",
    "purge_reporter_emails",
    "record_finding",
    "reject_report",
    "remove_member",
    "reroute",
    "revoke_api_key",
    "save_category",
    "save_perimeter",
    "save_rule",
    "save_walk",
    "set_public",
    "submit_report",
]
