from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from .models import Job


def can_follow(user, job: Job) -> bool:
    """Who asked for the job follows it; so does whoever the platform's rule (`GUSP_JOB_FOLLOWERS`, a
    function of the user and the job) lets follow it, e.g. the coordinators of its charter."""
    if job.requested_by_id and job.requested_by_id == user.pk:
        return True
    return bool(import_string(settings.GUSP_JOB_FOLLOWERS)(user, job))


@never_cache
def job_status(request, pk):
    """The state of a job as JSON, polled by the page that waits on it (static/js/gusp.js)."""
    job = get_object_or_404(Job, pk=pk)
    if not can_follow(request.user, job):
        raise Http404
    return JsonResponse(
        {
            "state": job.state,
            "label": job.get_state_display(),
            "progress": job.progress,
            "message": job.message,
            "error": job.error if job.is_failed else "",
            "active": job.is_active,
        }
    )
