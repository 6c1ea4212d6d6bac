// The application's version, read once from package.json (bundled in the desktop build).
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;
