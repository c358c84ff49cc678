// shipshape's service worker: the playground keeps working without a network after one visit
// (workshops, trains). Copied next to index.html (its scope is its own folder); boot.js registers it.
//
// Network first: while the server answers, every file comes from it exactly as without this worker,
// so a new deploy is picked up on the next load, and each good answer refreshes the copy. Only when
// the server cannot be reached does the copy answer. The copy is one cache per worker version, and
// activating a new version deletes the older ones.
//
// Privacy: it handles GET requests to its own origin and nothing else, and it never makes a request
// of its own except for this origin's app files (the page itself, its scripts, wasm, styles, icon,
// manifest). Share links live in the URL fragment, which no request carries, so no cache key holds
// a workspace.

const VERSION = 3;
const CACHE = `shipshape-app-v${VERSION}`;
// What boot.js and the page load, which index.html does not name (worker.js: the lint worker).
const APP = ['./', './app.js', './app_bg.wasm', './worker.js'];
// What the page fetches only when first needed (the rules' documentation, for a finding's
// explanation, the rule pages and the report; see src/app/docs.rs), kept too so that it works
// offline; best effort, like the linked files.
const LATER = ['./rule-docs.json'];

// Same-origin files that index.html links (boot.js, styles, icon, manifest, ...).
function linkedFiles(html) {
  const out = new Set();
  for (const m of html.matchAll(/\b(?:href|src)="([^"]+)"/g)) {
    const url = new URL(m[1], self.registration.scope);
    if (url.origin === self.location.origin && !url.hash) {
      out.add(url.href);
    }
  }
  return [...out];
}

async function precache() {
  const cache = await caches.open(CACHE);
  const page = await fetch('./', { cache: 'no-cache' });
  if (!page.ok) {
    throw new Error(`index: ${page.status}`);
  }
  const html = await page.clone().text();
  await cache.put('./', page);
  await cache.addAll(APP.slice(1));
  // Best effort for the rest: a missing icon must not leave the app without its offline copy.
  await Promise.allSettled([...linkedFiles(html), ...LATER].map((u) => cache.add(u)));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('shipshape-') && key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

function isPage(request) {
  const path = new URL(request.url).pathname;
  const root = new URL(self.registration.scope).pathname;
  return request.mode === 'navigate' && (path === root || path === `${root}index.html`);
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') {
      // The page is kept under './' whatever its query; other files under their own URL.
      const key = isPage(request) ? './' : request;
      await cache.put(key, response.clone());
    }
    return response;
  } catch (err) {
    const hit =
      (await cache.match(request, { ignoreSearch: true })) ||
      (isPage(request) ? await cache.match('./') : undefined);
    if (hit) {
      return hit;
    }
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(networkFirst(request));
});
