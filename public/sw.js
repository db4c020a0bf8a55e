// Passerelle's service worker: keeps the last "Mon parcours" page seen (and the files it needs)
// readable when the connection drops. Network first: a fresh page whenever the network answers.
// Signing out sends `Clear-Site-Data: "cache", "storage"`, which empties this cache.
const CACHE = 'passerelle-parcours-v1';
const KEPT = (url) => url.pathname === '/mon-parcours' || url.pathname.startsWith('/pkg/') || url.pathname === '/favicon.svg';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !KEPT(url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === 'basic') {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname === '/mon-parcours' ? '/mon-parcours' : request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(url.pathname === '/mon-parcours' ? '/mon-parcours' : request).then((cached) => cached || Response.error()),
      ),
  );
});
