// The renderer's only door to the core: one `invoke(channel, payload)` over one IPC channel.
// Sandboxed preload: it may import nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('recouvra', {
  invoke: (channel: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke('recouvra:invoke', channel, payload),
  // A PDF in its own window (Chromium's viewer); `print` opens the print dialog once it is shown.
  showPdf: (fileName: string, base64: string, print: boolean): Promise<void> => ipcRenderer.invoke('recouvra:show-pdf', fileName, base64, print),
});
