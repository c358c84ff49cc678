// Starts the wasm app. A file, not an inline script, so the page's CSP needs no 'unsafe-inline'.
import init from './app.js';

await init({ module_or_path: new URL('./app_bg.wasm', import.meta.url) });
