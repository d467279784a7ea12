// Service worker: keeps the app shell on the device so that reloading the
// page without a connection shows the app (and the notes IndexedDB holds),
// not the browser's error page.
// - Pages: network first; offline, the cached shell (the app routes itself).
// - /assets/ (hashed file names, never change): cache first.
// - Card templates (/api/content/): network first, cached for offline use.
// Nothing else is cached: participant APIs carry tokens and live state.
const CACHE = 'samenbord-shell-v1';
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new Request(SHELL, { cache: 'reload' })))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page lists the files it loaded, so those fetched before this worker
// took control are kept too.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache-urls' && Array.isArray(event.data.urls) ? event.data.urls : [];
  const ours = urls.filter((u) => typeof u === 'string' && cacheable(new URL(u, self.location.origin)));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(ours.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined))))));
});

function cacheable(url) {
  return url.origin === self.location.origin && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/api/content/'));
}

async function networkFirst(request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallback ?? request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(fallback ?? request);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith('/api/content/')) {
    event.respondWith(networkFirst(request));
  }
});
