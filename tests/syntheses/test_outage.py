"""The broker down while a committee member asks for a synthesis: the request is saved and the page says it
is queued (no error page); once the broker is back, the sweeper hands the job over and the synthesis is made,
once."""

import uuid

from django.urls import reverse

from gusp.core import jobs
from gusp.core.models import Job, JobState
from gusp.syntheses import services
from gusp.syntheses.models import Synthesis
from tests.core.outage import broker_down


def test_asking_during_a_broker_outage_queues_the_synthesis_and_nothing_is_lost(
    world, client_as, django_capture_on_commit_callbacks
):
    member = client_as(world.member)
    url = reverse("syntheses:history", args=[world.charter.slug])
    data = {
        "theme": world.theme_a.pk,
        "territory": "",
        "starts_on": world.charter.starts_on.isoformat(),
        "ends_on": world.charter.ends_on.isoformat(),
    }
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = member.post(url, data | {"form_key": uuid.uuid4().hex}, follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "en préparation" in page and "En attente" in page
        again = member.post(url, data | {"form_key": uuid.uuid4().hex}, follow=True)
        assert again.status_code == 200
    synthesis = Synthesis.objects.get()  # asking again joined it
    job = Job.objects.get(pk=synthesis.job_id)
    assert job.state == JobState.PENDING and job.dispatched_at is None  # not handed over: waiting

    # The broker is back: the sweeper hands the job over, a worker runs it (twice, as a redelivery would).
    assert jobs.sweep() >= 1
    assert Job.objects.get(pk=job.pk).dispatched_at is not None
    jobs.run(job.pk)
    jobs.run(job.pk)
    synthesis.refresh_from_db()
    assert synthesis.is_ready and Synthesis.objects.count() == 1
    assert Job.objects.filter(name=services.BUILD).count() == 1
    assert synthesis.get_download_url() in member.get(synthesis.get_absolute_url()).content.decode()
