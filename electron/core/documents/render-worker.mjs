// Entry of the PDF worker thread when Recouvra runs from its TypeScript sources (the CLI, browser
// mode, the tests): registers tsx in this thread, then loads the worker. The desktop app's bundle
// has its own dist/electron/render-worker.mjs, built from render-worker-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker-main.ts');
