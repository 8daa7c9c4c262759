"""Thin jobs of funding: they take primary keys and call a service; each is safe to run twice.

Durable jobs (`gusp.core.jobs`): `funding.render_tfpb_report_pdf` makes the PDF of a yearly TFPB report."""

from gusp.core.jobs import handler

from .tfpb import services as tfpb_services


@handler(tfpb_services.RENDER_PDF, max_attempts=3, time_limit=300)
def render_tfpb_report_pdf(job, *, report_id: int, revision: int) -> bool:
    return tfpb_services.render_report_pdf(report_id=report_id, revision=revision, job=job)
