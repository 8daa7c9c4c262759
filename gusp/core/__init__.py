"""Cross-app plumbing shared by every app of the platform: form pages and form mixins, widgets, the form
templates, history diffs, idempotent data loading, durable jobs. It imports nothing from the apps (the
apps import it), so that every app can use it without an import loop."""
