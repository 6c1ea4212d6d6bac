// An archived document as the core hands it out: stored once with its SHA-256, never modified.
export interface DocumentInfo {
  id: number;
  clientId: number | null;
  /** Filled by listings that join the client. */
  clientName?: string | null;
  kind: string;
  title: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  invoiceIds: number[];
}
