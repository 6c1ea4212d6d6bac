// User preferences (window, display, last folder): not business data, so they live outside
// the database, in electron-store (desktop) or conf (Node), both reading this one schema.
import { z } from 'zod';

export interface Preferences {
  window: { width: number; height: number; x: number | null; y: number | null; maximized: boolean };
  display: { density: 'comfortable' | 'compact' };
  lastFolder: string | null;
}

export const DEFAULT_PREFERENCES: Preferences = {
  window: { width: 1280, height: 820, x: null, y: null, maximized: false },
  display: { density: 'comfortable' },
  lastFolder: null,
};

/** JSON Schema handed to electron-store / conf, which validate every write with it. */
export const PREFERENCES_JSON_SCHEMA = {
  window: {
    type: 'object',
    properties: {
      width: { type: 'integer', minimum: 400 },
      height: { type: 'integer', minimum: 300 },
      x: { type: ['integer', 'null'] },
      y: { type: ['integer', 'null'] },
      maximized: { type: 'boolean' },
    },
    default: DEFAULT_PREFERENCES.window,
  },
  display: {
    type: 'object',
    properties: { density: { enum: ['comfortable', 'compact'] } },
    default: DEFAULT_PREFERENCES.display,
  },
  lastFolder: { type: ['string', 'null'], default: null },
} as const;

/** What the renderer may change through the channel (the window is the shell's business). */
export const preferencesPatchSchema = z.object({
  display: z.object({ density: z.enum(['comfortable', 'compact'], { error: 'Densité : confortable ou compacte.' }) }).optional(),
  lastFolder: z.string().max(4096).nullable().optional(),
});
export type PreferencesPatch = z.input<typeof preferencesPatchSchema>;
