from django.apps import AppConfig


class SynthesesConfig(AppConfig):
    name = "gusp.syntheses"
    label = "syntheses"
    verbose_name = "Synthèses par thèmes et territoires"
