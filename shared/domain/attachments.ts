// Pièces attached by the user to a client, an invoice or a legal case.
export type PieceType = 'contract' | 'terms' | 'purchase_order' | 'delivery_note' | 'receipt' | 'acknowledgment' | 'other';
export const PIECE_TYPES: readonly PieceType[] = ['contract', 'terms', 'purchase_order', 'delivery_note', 'receipt', 'acknowledgment', 'other'];
export const PIECE_TYPE_LABELS: Record<PieceType, string> = {
  contract: 'Contrat ou devis signé',
  terms: 'Conditions générales de vente',
  purchase_order: 'Bon de commande',
  delivery_note: 'Bon de livraison',
  receipt: 'Procès-verbal de réception',
  acknowledgment: 'Reconnaissance de dette',
  other: 'Autre pièce',
};

export interface AttachmentOwner {
  type: 'client' | 'invoice' | 'case';
  id: number;
}

export interface AttachmentView {
  documentId: number;
  owner: AttachmentOwner;
  invoiceNumber: string | null;
  pieceType: PieceType;
  title: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}
