// Small progressive enhancements; every page works without JavaScript. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, bring keyboard and screen-reader users to the error summary.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // A form is sent once: its submit buttons are disabled while the post is in flight (a double tap on a
  // phone would otherwise post twice; the server refuses the second anyway, thanks to the form's key).
  document.querySelectorAll('form[method="post"]').forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "1";
      // Disable after the browser has read the form (a disabled button would not send its own name).
      window.setTimeout(() => {
        form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]').forEach((button) => {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
  });
  // Coming back to the page from the browser's history: the form may be sent again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-submitting]").forEach((form) => {
      delete form.dataset.submitting;
      form.querySelectorAll("button[aria-busy]").forEach((button) => {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });

  // Background jobs (PDFs, e-mails): follow their state without reloading by hand.
  document.querySelectorAll("[data-job-status-url]").forEach((box) => followJob(box));
});

function followJob(box) {
  const label = box.querySelector("[data-job-label]");
  const bar = box.querySelector("[data-job-progress]");
  const message = box.querySelector("[data-job-message]");
  const error = box.querySelector("[data-job-error]");
  let delay = 1500;
  const poll = () => {
    if (!["pending", "running"].includes(box.dataset.jobState)) return;
    fetch(box.dataset.jobStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((job) => {
        const changed = job.state !== box.dataset.jobState;
        box.dataset.jobState = job.state;
        if (label) label.textContent = job.label;
        if (bar) {
          bar.value = job.progress;
          bar.textContent = `${job.progress} %`;
        }
        if (message) message.textContent = job.message;
        if (error) error.textContent = job.error;
        if (changed && job.state === "done" && box.dataset.jobReload !== undefined) {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.3, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(() => window.setTimeout(poll, 10000));
  };
  window.setTimeout(poll, delay);
}
