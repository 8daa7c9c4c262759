// The map of perimeters and findings (Leaflet, vendored). The page is a list first: when the tiles or the
// data do not load, the list below the map stays complete, and the page says so. No inline script (CSP):
// popups are built from DOM nodes, never from HTML strings.
(() => {
  const box = document.querySelector("[data-map]");
  const note = document.querySelector("[data-map-note]");
  if (!box || !window.L || !window.fetch) return;
  const say = (text) => {
    if (note) {
      note.textContent = text;
      note.hidden = false;
    }
  };
  box.hidden = false;
  const map = L.map(box, { scrollWheelZoom: false }).setView([43.46, 5.25], 13);
  let tileErrors = 0;
  // The platform sends no Referer across origins (SECURE_REFERRER_POLICY); tile servers such as
  // OpenStreetMap's require one: the origin only is sent to them.
  L.tileLayer(box.dataset.tileUrl, {
    maxZoom: 19,
    attribution: box.dataset.tileAttribution,
    referrerPolicy: "strict-origin-when-cross-origin",
  })
    .on("tileerror", () => {
      tileErrors += 1;
      if (tileErrors === 1) say("Le fond de carte ne se charge pas : la liste ci-dessous reste complète.");
    })
    .addTo(map);

  const COLORS = { late: "#b00020", open: "#d35400", treated: "#1e6bb8", closed: "#2e7d32" };
  const colorOf = (p) => {
    if (p.late) return COLORS.late;
    if (p.state === "treated") return COLORS.treated;
    if (p.state === "checked" || p.state === "rejected") return COLORS.closed;
    return COLORS.open;
  };
  const popup = (p) => {
    const root = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = `${p.category} — ${p.state_label}`;
    const place = document.createElement("div");
    place.textContent = p.place;
    root.append(title, place);
    if (p.organisation) {
      const who = document.createElement("div");
      who.textContent = `Organisation chargée : ${p.organisation}`;
      root.append(who);
    }
    if (p.url) {
      const link = document.createElement("a");
      link.href = p.url;
      link.textContent = `Constat n°${p.id}`;
      root.append(link);
    }
    return root;
  };

  fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      const territories = data.features.filter((f) => f.properties.kind === "territory");
      const findings = data.features.filter((f) => f.properties.kind !== "territory");
      const outlines = L.geoJSON(territories, {
        style: (f) => ({ color: "#4a4a8a", weight: 2, fillOpacity: 0.06, dashArray: f.properties.approximate ? "6 4" : null }),
        onEachFeature: (f, layer) =>
          layer.bindTooltip(f.properties.territory + (f.properties.approximate ? " (contour approximatif)" : "")),
      }).addTo(map);
      const points = L.geoJSON(findings, {
        pointToLayer: (f, latlng) =>
          L.circleMarker(latlng, { radius: 8, weight: 2, color: "#fff", fillColor: colorOf(f.properties), fillOpacity: 0.9 }),
        onEachFeature: (f, layer) => layer.bindPopup(popup(f.properties)),
      }).addTo(map);
      const bounds = L.featureGroup([outlines, points]).getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 17 });
      box.dataset.loaded = String(findings.length);
      if (data.truncated) say("Seuls les premiers constats sont placés sur la carte : filtrez pour voir les autres.");
    })
    .catch(() => say("Les données de la carte ne se chargent pas : la liste ci-dessous reste complète."));
})();
