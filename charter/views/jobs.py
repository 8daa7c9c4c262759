"""The charter's background jobs (e-mails, PDFs) for its coordinators: what is waiting, what failed and
why, with a button to relaunch a failed one."""

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gusp.core import jobs
from gusp.core.models import Job, JobState
from gusp.core.pages import post_action

from ..models import Charter
from .common import coordinated_charter

JOBS_PER_PAGE = 50


def job_list(request, slug):
    charter = coordinated_charter(request, slug)
    failed_first = Case(
        When(state=JobState.FAILED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    queryset = Job.objects.filter(charter_id=charter.pk).order_by(failed_first, "-created_at", "-pk")
    page = Paginator(queryset, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "charter": charter,
        "page": page,
        "query": "",
        "failed_count": Job.objects.filter(charter_id=charter.pk, state=JobState.FAILED).count(),
    }
    return render(request, "charter/job_list.html", context)


@require_POST
def job_relaunch(request, pk):
    job = get_object_or_404(
        Job.objects.filter(charter_id__in=Charter.objects.coordinated_by(request.user).values("pk")), pk=pk
    )
    charter = Charter.objects.get(pk=job.charter_id)
    return post_action(
        request,
        lambda: jobs.relaunch(job),
        success=f"« {job.label} » est relancée.",
        target=reverse("charter:job_list", args=[charter.slug]),
    )
