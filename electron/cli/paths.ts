// Where the project's files are when the CLI runs from the sources.
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
