// Passerelle's service worker: keeps the last "Mon parcours" page seen (and the files it needs)
// readable when the connection drops. Network first: a fresh page whenever the network answers.
// The copy is dropped as soon as the server answers anything but the page itself (an expired
// session, a sign-out, an error): on a shared computer, nobody finds the previous person's page.
// Signing out, or a session that ended, also sends `Clear-Site-Data: "cache", "storage"`.
const CACHE = 'passerelle-parcours-v3';
// The copy is served for as long as the session could have lasted without activity (IDLE_MINUTES
// in app/src/ssr/auth.rs): on a shared computer, a copy older than that is deleted, not shown.
const IDLE_MS = 30 * 60 * 1000;
const KEPT_AT = 'x-passerelle-kept-at';

// The page with the moment it was kept.
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

// The kept copy, unless it is older than the idle limit (then it is deleted).
async function keptCopy(key) {
  const cached = await caches.match(key);
  if (cached && key === PAGE) {
    const at = Number(cached.headers.get(KEPT_AT) || 0);
    if (Date.now() - at > IDLE_MS) {
      await caches.open(CACHE).then((cache) => cache.delete(PAGE));
      return Response.error();
    }
  }
  return cached || Response.error();
}
const PAGE = '/mon-parcours';
const KEPT = (url) =>
  url.pathname === PAGE || url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg' || url.pathname === '/hors-ligne.js';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  ),
);

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !KEPT(url)) return;
  const key = url.pathname === PAGE ? PAGE : request;
  event.respondWith(
    fetch(request)
      .then((response) => {
        const good = response.ok && response.type === 'basic' && !response.redirected;
        if (good) {
          const copy = response.clone();
          event.waitUntil(
            (key === PAGE ? stamped(copy) : Promise.resolve(copy)).then((kept) =>
              caches.open(CACHE).then((cache) => cache.put(key, kept)),
            ),
          );
        } else if (url.pathname === PAGE) {
          event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(PAGE)));
        }
        return response;
      })
      .catch(() => keptCopy(key)),
  );
});
