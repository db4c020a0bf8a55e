// Passerelle's service worker: keeps the last "Mon parcours" page seen (and the files it needs)
// readable when the connection drops. Network first: a fresh page whenever the network answers.
// The copy is dropped as soon as the server answers anything but the page itself (an expired
// session, a sign-out, an error): on a shared computer, nobody finds the previous person's page.
// Signing out, or a session that ended, also sends `Clear-Site-Data: "cache", "storage"`.
const CACHE = 'passerelle-parcours-v2';
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
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        } else if (url.pathname === PAGE) {
          event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(PAGE)));
        }
        return response;
      })
      .catch(() => caches.match(key).then((cached) => cached || Response.error())),
  );
});
