#!/usr/bin/env node
// The `recouvra` command. Runs the TypeScript sources directly through tsx, so the CLI never
// runs a stale build; the desktop app uses the bundle in dist/ instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
