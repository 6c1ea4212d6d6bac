// How the renderer reaches the core, chosen once at start-up: the preload's IPC bridge in the
// desktop app, HTTP with the per-run token in browser mode. Nothing else knows which it is.
import type { Result } from '../../../shared/result.js';

export type Transport = (channel: string, payload: unknown) => Promise<Result<unknown>>;

interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Desktop app: shows a PDF in its own window (and opens the print dialog when asked). */
  showPdf?(fileName: string, base64: string, print: boolean): Promise<void>;
}

declare global {
  interface Window {
    recouvra?: PreloadBridge;
  }
}

const TOKEN_KEY = 'recouvra.token';

/** Takes the token from the address bar once, keeps it for the tab, and removes it from view. */
function browserToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpTransport(): Transport {
  const token = browserToken();
  return async (channel, payload) => {
    try {
      const response = await fetch(`./api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Recouvra-Token': token ?? '' },
        body: JSON.stringify(payload ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'Le serveur Recouvra ne répond pas : est-il toujours lancé ?' } };
    }
  };
}

export function pickTransport(): { transport: Transport; shell: 'electron' | 'browser' } {
  const bridge = window.recouvra;
  if (bridge) return { transport: (channel, payload) => bridge.invoke(channel, payload), shell: 'electron' };
  return { transport: httpTransport(), shell: 'browser' };
}
