// The offline queue of the capture page. A finding typed here is first kept on the device (IndexedDB,
// through the vendored idb-keyval) with an id made on the device (a UUID), then sent to the server; it
// leaves the device only once the server answered that it holds it (201: created, 200: it already held
// that id — the first answer was lost). Without network it waits, and goes as soon as the network is back
// (the `online` event, a timer, the next opening of the page). The service worker (findings-sw.js) keeps
// this page and its assets, so that it opens again without network. No inline script (CSP).
(() => {
  const form = document.querySelector("[data-offline-form]");
  if (!form || !window.indexedDB || !window.idbKeyval || !window.fetch || !window.FormData) return;
  const idb = window.idbKeyval;
  const store = idb.createStore("gusp-findings", "queue");
  const CACHE = "gusp-findings-v1";
  const box = document.querySelector("[data-queue]");
  const statusLine = box.querySelector("[data-queue-status]");
  const list = box.querySelector("[data-queue-list]");
  const sendButton = box.querySelector("[data-queue-send]");
  const hint = document.querySelector("[data-offline-hint]");
  const SKIPPED = new Set(["csrfmiddlewaretoken", "form_key", "client_id", "observed_at", "walk", "charter"]);
  let sending = false;
  let problem = "";
  let used = false; // something was queued or sent from this page: keep saying where the queue stands

  const uuid = () => {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  const token = () => (form.querySelector('[name="csrfmiddlewaretoken"]') || {}).value || "";
  const plural = (n, word) => `${n} ${word}${n > 1 ? "s" : ""}`;

  const records = async () => {
    const items = await idb.values(store);
    return items.sort((a, b) => (a.created < b.created ? -1 : 1));
  };

  async function render() {
    const items = await records();
    const waiting = items.filter((item) => item.status !== "error");
    const refused = items.filter((item) => item.status === "error");
    used = used || items.length > 0;
    box.hidden = !used && !problem;
    const parts = [];
    if (waiting.length) parts.push(`${plural(waiting.length, "constat")} en attente d'envoi`);
    if (refused.length) parts.push(`${plural(refused.length, "constat")} refusé${refused.length > 1 ? "s" : ""} par le serveur`);
    if (!parts.length) parts.push("Tous les constats saisis sur cet appareil sont envoyés.");
    statusLine.textContent = parts.join(" · ") + (problem ? ` — ${problem}` : "");
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        li.textContent = `${item.label} (${new Date(item.created).toLocaleString("fr-FR")})`;
        if (item.status === "error") {
          const why = document.createElement("strong");
          why.textContent = ` — refusé : ${item.error}`;
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "outline secondary small-button";
          remove.textContent = "Retirer de l'appareil";
          remove.addEventListener("click", async () => {
            await idb.del(item.id, store);
            render();
          });
          li.append(why, " ", remove);
        }
        return li;
      }),
    );
    sendButton.hidden = waiting.length === 0;
  }

  const describeRefusal = (payload) => {
    if (!payload) return "réponse illisible";
    const messages = [];
    if (payload.errors) {
      Object.values(payload.errors).forEach((errors) => {
        (Array.isArray(errors) ? errors : [errors]).forEach((e) => messages.push(e.message || String(e)));
      });
    }
    return messages.join(" ") || payload.error || "constat invalide";
  };

  async function flush() {
    if (sending) return;
    sending = true;
    problem = "";
    try {
      for (const record of await records()) {
        if (record.status === "error") continue;
        const body = new FormData();
        record.fields.forEach(([name, value]) => body.append(name, value));
        record.photos.forEach((photo) => body.append("photos", photo, photo.name || "photo.jpg"));
        let response;
        try {
          response = await fetch(form.dataset.submitUrl, {
            method: "POST",
            body,
            credentials: "same-origin",
            headers: { "X-CSRFToken": token(), Accept: "application/json" },
          });
        } catch (error) {
          problem = "pas de réseau : envoi dès son retour.";
          break;
        }
        if (response.status === 200 || response.status === 201) {
          await idb.del(record.id, store);
          continue;
        }
        let payload = null;
        try {
          payload = await response.json();
        } catch (error) {
          payload = null;
        }
        if ([400, 404, 409, 413].includes(response.status)) {
          record.status = "error";
          record.error = describeRefusal(payload);
          await idb.set(record.id, record, store);
          continue;
        }
        // 401 or 403 (session or security token), 429, 5xx: kept on the device, sent later.
        problem =
          response.status === 401 || response.status === 403
            ? "reconnectez-vous puis rouvrez cette page : les constats restent sur l'appareil."
            : "le serveur ne répond pas : nouvel essai bientôt.";
        break;
      }
    } finally {
      sending = false;
      await render();
    }
  }

  const labelOf = (data) => {
    const category = form.querySelector('[name="category"]');
    const residence = form.querySelector('[name="residence"]');
    const parts = [category && category.selectedIndex > 0 ? category.options[category.selectedIndex].text : "Constat"];
    if (data.get("place_kind") !== "public" && residence && residence.selectedIndex > 0) {
      parts.push(residence.options[residence.selectedIndex].text);
    }
    if (data.get("entrance")) parts.push(data.get("entrance"));
    return parts.join(" — ");
  };

  form.addEventListener("submit", async (event) => {
    // The page is not posted: the finding goes to the queue (gusp.js's double-post guard is not needed).
    event.preventDefault();
    event.stopImmediatePropagation();
    if (form.dataset.queueing === "1") return;
    const data = new FormData(form);
    const residenceField = form.querySelector('[name="residence"]');
    if (data.get("place_kind") && data.get("place_kind") !== "public" && !data.get("residence")) {
      residenceField.setCustomValidity("Indiquez la résidence.");
      residenceField.reportValidity();
      residenceField.addEventListener("change", () => residenceField.setCustomValidity(""), { once: true });
      return;
    }
    form.dataset.queueing = "1";
    const id = uuid();
    const created = new Date().toISOString();
    const record = { id, created, status: "pending", error: "", fields: [], photos: [], label: labelOf(data) };
    for (const [name, value] of data.entries()) {
      if (SKIPPED.has(name)) continue;
      if (value instanceof File) {
        if (value.size) record.photos.push(value);
      } else {
        record.fields.push([name, value]);
      }
    }
    record.fields.push(["client_id", id], ["observed_at", created]);
    record.fields.push(form.dataset.walk ? ["walk", form.dataset.walk] : ["charter", form.dataset.charter]);
    try {
      await idb.set(id, record, store);
    } finally {
      delete form.dataset.queueing;
    }
    // Ready for the next finding in the same place: the place is kept, the rest is cleared.
    ["description", "photos", "latitude", "longitude", "location_source"].forEach((name) => {
      const input = form.querySelector(`[name="${name}"]`);
      if (input) input.value = "";
    });
    problem = "";
    await render();
    statusLine.textContent = `Constat gardé sur l'appareil. ${statusLine.textContent}`;
    flush();
    const category = form.querySelector('[name="category"]');
    if (category) category.focus();
  });

  sendButton.addEventListener("click", () => flush());
  window.addEventListener("online", () => flush());
  window.setInterval(() => {
    if (navigator.onLine !== false) flush();
  }, 15000);
  if (hint) hint.hidden = false;

  async function keepPageOffline() {
    const assets = [...document.querySelectorAll('script[src], link[rel="stylesheet"][href], link[rel="icon"][href]')].map(
      (element) => element.src || element.href,
    );
    const cache = await caches.open(CACHE);
    await cache.addAll([...new Set(assets)]);
    // The page itself, unless the session ended meanwhile (a login page must not stand in for it).
    const page = await fetch(window.location.pathname, { credentials: "same-origin" });
    if (page.ok && !page.redirected) await cache.put(window.location.pathname, page);
  }

  if ("serviceWorker" in navigator && window.caches) {
    navigator.serviceWorker
      .register(form.dataset.swUrl, { scope: form.dataset.swScope })
      .then(() => navigator.serviceWorker.ready)
      .then(() => keepPageOffline())
      .then(() => {
        document.body.dataset.offlineReady = "1";
      })
      .catch(() => {
        document.body.dataset.offlineReady = "0";
      });
  }
  render().then(() => flush());
})();
