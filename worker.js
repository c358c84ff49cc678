// shipshape's lint worker: lints off the page's main thread, so typing never waits for a lint.
// A file, same origin, no CDN: the page's CSP allows it (worker-src 'self').
//
// It runs the page's own wasm module (app.js + app_bg.wasm, not a second build): the page sends the
// compiled module first, then one lint request at a time, and gets back the answer for each, tagged
// with the request's generation so the page can drop answers for text that has changed since. If the
// linter dies (a panic, memory exhausted), the worker says so and closes itself; the page starts a
// fresh one. See src/app/lint_worker.rs.
import init, { shipshape_lint, shipshape_test_panic } from './app.js';

let ready = null;

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.module) {
    ready = init({ module_or_path: msg.module });
    return;
  }
  try {
    await ready;
    // Never sent by the page: the end-to-end test adds it to prove the page survives a crash.
    if (msg.testPanic) {
      shipshape_test_panic();
    }
    const started = performance.now();
    const answer = shipshape_lint(msg.request);
    self.postMessage({ gen: msg.gen, answer, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({ gen: msg.gen, crash: String(err) });
    self.close();
  }
};
