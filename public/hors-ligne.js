// Registers the service worker (sw.js) that keeps the last "Mon parcours" seen readable when the
// connection drops. Loaded by that page only; the rest of the site runs no script of its own.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js');
}
