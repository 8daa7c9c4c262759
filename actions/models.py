"""Project sheets (fiches projets). Minimal here: number, title, theme; the full template of the charter's
section III, actions, journals and indicators come with the project-sheets issue."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from charter.models import Charter, SubTheme, Theme

from .querysets import ProjectSheetQuerySet


class ProjectSheet(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="project_sheets")
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=300)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="project_sheets", verbose_name="thème"
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_sheets",
        verbose_name="sous-thème",
    )
    is_published = models.BooleanField("publiée", default=False)
    history = HistoricalRecords()

    objects = ProjectSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche projet"
        verbose_name_plural = "fiches projets"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["charter", "number"], name="unique_sheet_number")]

    def __str__(self) -> str:
        return f"Fiche n°{self.number} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actions:sheet_list", args=[self.charter.slug]) + f"#fiche-{self.number}"
