// Small helpers of the diagnostics pages (walks, findings, the report form); every page works without
// JavaScript. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });

  // The residence and entrance fields only when the place is inside a residence.
  document.querySelectorAll("form").forEach((form) => {
    const radios = form.querySelectorAll('input[name="place_kind"]');
    if (!radios.length) return;
    const sync = () => {
      const checked = form.querySelector('input[name="place_kind"]:checked');
      const inResidence = !checked || checked.value !== "public";
      form.querySelectorAll("[data-residence-only]").forEach((element) => {
        element.hidden = !inResidence;
      });
    };
    radios.forEach((radio) => radio.addEventListener("change", sync));
    form.addEventListener("reset", () => window.setTimeout(sync, 0));
    sync();
  });

  // The device's position, read only when the person presses the button (their consent).
  document.querySelectorAll("[data-locate]").forEach((button) => {
    const form = button.closest("form");
    const status = form.querySelector("[data-locate-status]");
    const say = (text) => {
      if (status) status.textContent = text;
    };
    button.addEventListener("click", () => {
      if (!navigator.geolocation) {
        say("Cet appareil ne donne pas sa position.");
        return;
      }
      say("Recherche de la position…");
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.querySelector('[name="latitude"]').value = position.coords.latitude.toFixed(6);
          form.querySelector('[name="longitude"]').value = position.coords.longitude.toFixed(6);
          const source = form.querySelector('[name="location_source"]');
          if (source) source.value = "device";
          say(`Position relevée, à ${Math.round(position.coords.accuracy)} m près.`);
        },
        (error) => say(error.code === 1 ? "Position refusée : rien n'a été relevé." : "Position indisponible (pas de signal)."),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
    ["latitude", "longitude"].forEach((name) => {
      const input = form.querySelector(`[name="${name}"]`);
      if (input) {
        input.addEventListener("input", () => {
          const source = form.querySelector('[name="location_source"]');
          if (source) source.value = "map";
        });
      }
    });
  });
});
