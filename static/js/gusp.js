// Small progressive enhancements; every page works without JavaScript. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  setUpMenu();
  enhance(document);
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
});

// What is set up on the page's content: run on load, and again on the content a form's answer brings in.
function enhance(root) {
  // After a refused form, bring keyboard and screen-reader users to the error summary.
  const summary = root.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // A form is sent once: its submit buttons are disabled while the post is in flight (a double tap on a
  // phone would otherwise post twice; the server refuses the second anyway, thanks to the form's key).
  root.querySelectorAll('form[method="post"]').forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting === "1") {
        event.preventDefault();
        return;
      }
      if (keepsFiles(form)) {
        event.preventDefault();
        sendKeepingFiles(form, event.submitter);
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

  // Background jobs (PDFs, e-mails): follow their state without reloading by hand.
  root.querySelectorAll("[data-job-status-url]").forEach((box) => followJob(box));
}

// The header's menu: on a phone it folds behind the « Menu » button (without JavaScript it stays open).
function setUpMenu() {
  const header = document.querySelector("[data-menu-header]");
  const button = header && header.querySelector("[data-menu-toggle]");
  const menu = header && header.querySelector("[data-menu]");
  if (!button || !menu) return;
  button.hidden = false;
  header.dataset.menuReady = "1";
  const show = (open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      show(false);
      button.focus();
    }
  });
}

// A form with chosen files is sent in the background: if the server refuses it (400), the page shows the
// errors and the file fields keep what was chosen (the browser would have emptied them). Forms that keep
// their own queue (the offline capture of findings) are left alone.
function keepsFiles(form) {
  if (form.enctype !== "multipart/form-data" || form.hasAttribute("data-offline-form")) return false;
  if (!window.fetch || !window.DOMParser) return false;
  return [...form.querySelectorAll('input[type="file"]')].some((input) => input.files && input.files.length);
}

function sendKeepingFiles(form, submitter) {
  let data;
  try {
    data = new FormData(form, submitter || undefined);
  } catch (error) {
    data = new FormData(form);
  }
  fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { Accept: "text/html" } })
    .then((response) => response.text().then((html) => ({ response, html })))
    .then(({ response, html }) => {
      const page = new DOMParser().parseFromString(html, "text/html");
      if (response.status === 400 && !response.redirected && page.querySelector("main")) {
        showRefused(form, page);
      } else {
        showPage(page, response.url);
      }
    })
    .catch(() => {
      // No answer (network): send the form the ordinary way.
      delete form.dataset.submitting;
      HTMLFormElement.prototype.submit.call(form);
    });
}

function showRefused(form, page) {
  const chosen = [...form.querySelectorAll('input[type="file"]')].filter((input) => input.files.length);
  const main = document.querySelector("main");
  const fresh = document.adoptNode(page.querySelector("main"));
  chosen.forEach((input) => {
    const twin = [...fresh.querySelectorAll('input[type="file"]')].find((other) => other.name === input.name);
    // A file field refused for its files (too large, unreadable) starts empty: other files must be chosen.
    if (!twin || twin.getAttribute("aria-invalid") === "true") return;
    try {
      twin.files = input.files;
    } catch (error) {
      return;
    }
    const note = twin.parentElement.querySelector("[data-files-note]");
    if (note) {
      const names = [...input.files].map((file) => file.name).join(", ");
      note.textContent = `Fichiers gardés, rien à choisir de nouveau : ${names}.`;
      note.classList.add("kept");
    }
  });
  main.replaceWith(fresh);
  document.title = page.title;
  enhance(fresh);
  if (!fresh.querySelector("[data-autofocus]")) fresh.focus();
}

// Any other answer (the page a saved form leads to, an error page) replaces the page, as a navigation would.
function showPage(page, url) {
  document.title = page.title;
  document.body.replaceWith(document.adoptNode(page.body));
  // Scripts brought in by the new page run as they would have (same origin, allowed by the CSP).
  document.body.querySelectorAll("script[src]").forEach((old) => {
    const script = document.createElement("script");
    script.src = old.src;
    old.replaceWith(script);
  });
  if (url && url !== window.location.href) {
    window.history.pushState({ gusp: "form" }, "", url);
    window.addEventListener("popstate", () => window.location.reload(), { once: true });
  }
  setUpMenu();
  enhance(document);
  window.scrollTo(0, 0);
  const main = document.querySelector("main");
  if (main && !document.querySelector("[data-autofocus]")) main.focus({ preventScroll: true });
}

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
