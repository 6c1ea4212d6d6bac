// Before the end-to-end suite: the browser and the built renderer must be there. A missing one
// fails with the one sentence that fixes it, rather than a cryptic launch error.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { CHROMIUM_PATH as CHROMIUM } from '../../electron/core/chromium.js';
import { CHROMIUM_PATH as CHROMIUM } from '../../electron/core/chromium.js';

export default function setup() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it with "sudo apt-get install -y chromium poppler-utils fonts-liberation2" (Debian/Ubuntu), or set RECOUVRA_CHROMIUM.`,
    );
  }
  if (!existsSync(fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url)))) {
    throw new Error('The renderer is not built: run "npm run build" (npm test does it for you).');
  }
}
