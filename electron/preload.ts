// The renderer's only door to the core: one `invoke(channel, payload)` over one IPC channel.
// Sandboxed preload: it may import nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('recouvra', {
  invoke: (channel: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke('recouvra:invoke', channel, payload),
});
