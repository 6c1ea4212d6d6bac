#!/usr/bin/env node
// The `recouvra` command. Runs the TypeScript sources directly through tsx, so the CLI never
// runs a stale build; the desktop app uses the bundle in dist/ instead.
import { register } from 'tsx/esm/api';

// React (inside the PDF renderer) runs its production build, as in the desktop app's bundle.
process.env.NODE_ENV ??= 'production';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
