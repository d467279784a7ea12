// Registers the service worker (public/sw.js) that keeps the app shell on
// the device, and hands it the files this page already loaded so they are
// cached too. Without service worker support the app simply needs a
// connection to load.
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const register = () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        const urls = performance.getEntriesByType('resource').map((e) => e.name);
        registration.active?.postMessage({ type: 'cache-urls', urls: [...urls, location.origin + '/index.html'] });
      })
      .catch(() => undefined);
  };
  // Automerge's wasm makes the entry module await: "load" may have passed.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}
