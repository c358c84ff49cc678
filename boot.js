// Starts the wasm app. A file, not an inline script, so the page's CSP needs no 'unsafe-inline'.
import init from './app.js';

await init({ module_or_path: new URL('./app_bg.wasm', import.meta.url) });

// Offline use (workshops, trains): a service worker keeps a copy of the app after the first visit.
// Only this page registers it (the browser tests' pages never load boot.js). It fetches nothing but
// this origin's own files; see sw.js. Service workers need a secure context (https or localhost).
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(new URL('./sw.js', import.meta.url), { scope: './', updateViaCache: 'none' })
    .catch((e) => console.warn('shipshape: offline copy unavailable:', e));
}
