// Files handed to the user: a download (exports, "Enregistrer"), or a PDF shown to read and print.
// Desktop app: the PDF opens in its own window (Chromium's PDF viewer, with its print button),
// through the preload. Browser mode: in a new tab of the browser.

function blobUrl(mimeType: string, base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: mimeType }));
}

/** Saves a file through the browser's download (a save dialog in the desktop app). */
export function downloadFile(fileName: string, mimeType: string, base64: string): void {
  const url = blobUrl(mimeType, base64);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export interface PdfFile {
  fileName: string;
  base64: string;
}

/**
 * Shows a PDF to read or print. `load` fetches it; the new tab is opened before (on the click
 * itself), so that the browser does not take it for a pop-up. When the browser refuses the tab
 * anyway, the PDF is downloaded instead. Resolves once shown.
 */
export async function showPdf(load: () => Promise<PdfFile>, options: { print?: boolean } = {}): Promise<void> {
  const bridge = window.recouvra;
  if (bridge?.showPdf) {
    const file = await load();
    await bridge.showPdf(file.fileName, file.base64, options.print === true);
    return;
  }
  const tab = window.open('', '_blank');
  if (tab) tab.document.title = 'Préparation du document…';
  let file: PdfFile;
  try {
    file = await load();
  } catch (error) {
    tab?.close();
    throw error;
  }
  if (!tab) {
    downloadFile(file.fileName, 'application/pdf', file.base64);
    return;
  }
  const url = blobUrl('application/pdf', file.base64);
  tab.location.href = url;
  // The tab keeps its own copy once loaded; the address is freed later.
  setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
}

/** A chosen file's bytes as base64 (how files travel over the channels). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error(`« ${file.name} » : lecture du fichier impossible.`));
    reader.readAsDataURL(file);
  });
}
