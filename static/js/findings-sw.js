// The service worker of the findings pages (served by the platform under /diagnostics/, its scope). It
// keeps the capture pages and the static assets, so that a capture page opens again without network; the
// findings themselves wait in IndexedDB and are posted by the page (findings.js): posts are never
// touched here, so a finding is never sent from a place the page does not know about.
const CACHE = "gusp-findings-v1";
const SCOPE = new URL(self.registration.scope).pathname;
const CAPTURE_PAGE = /\/saisie\/$/;
const NETWORK_WAIT_MS = 5000;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("gusp-findings-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

const offlinePage = () =>
  new Response(
    '<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
      "<title>Hors ligne · GUSP</title><p>Pas de réseau, et cette page n'a pas encore été ouverte sur cet appareil.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
  );

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (response.ok && !response.redirected && response.type === "basic") {
      await cache.put(new URL(request.url).pathname, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(new URL(request.url).pathname, { ignoreVary: true, ignoreSearch: true });
    return cached || offlinePage();
  }
}

async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request, { ignoreVary: true });
  const refresh = fetch(event.request)
    .then((response) => {
      if (response.ok) cache.put(event.request, response.clone());
      return response;
    })
    .catch(() => null);
  if (cached) {
    event.waitUntil(refresh);
    return cached;
  }
  return (await refresh) || new Response("", { status: 504 });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(SCOPE) && CAPTURE_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staleWhileRevalidate(event));
  }
});
