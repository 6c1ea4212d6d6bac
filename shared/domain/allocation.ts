// Spreading a payment over a client's open invoices: oldest due date first (then invoice
// number), never more than an invoice's balance; what is left stays a credit on the account.
import { cents, type Cents } from './money.js';
import type { IsoDate } from './dates.js';

export interface OpenInvoice {
  id: number;
  number: string;
  dueDate: IsoDate;
  balanceCents: Cents;
}

export interface AllocationPlan {
  allocations: { invoiceId: number; amountCents: Cents }[];
  unallocatedCents: Cents;
}

export function allocateOldestFirst(amountCents: Cents, open: readonly OpenInvoice[]): AllocationPlan {
  const ordered = [...open].filter((i) => i.balanceCents > 0).sort((a, b) => (a.dueDate === b.dueDate ? a.number.localeCompare(b.number) : a.dueDate < b.dueDate ? -1 : 1));
  let left = amountCents as number;
  const allocations: AllocationPlan['allocations'] = [];
  for (const invoice of ordered) {
    if (left <= 0) break;
    const take = Math.min(left, invoice.balanceCents);
    allocations.push({ invoiceId: invoice.id, amountCents: cents(take) });
    left -= take;
  }
  return { allocations, unallocatedCents: cents(left) };
}

/** Checks a hand-made allocation; returns French problems (empty when it is acceptable). */
export function checkManualAllocation(
  amountCents: Cents,
  requested: readonly { invoiceId: number; amountCents: Cents }[],
  open: readonly OpenInvoice[],
): string[] {
  const problems: string[] = [];
  const byId = new Map(open.map((i) => [i.id, i]));
  const seen = new Set<number>();
  let total = 0;
  for (const r of requested) {
    const invoice = byId.get(r.invoiceId);
    if (!invoice) {
      problems.push(`Facture ${r.invoiceId} : introuvable parmi les factures ouvertes de ce client.`);
      continue;
    }
    if (seen.has(r.invoiceId)) problems.push(`Facture ${invoice.number} : affectée deux fois.`);
    seen.add(r.invoiceId);
    if (r.amountCents > invoice.balanceCents) problems.push(`Facture ${invoice.number} : l’affectation dépasse le solde dû.`);
    total += r.amountCents;
  }
  if (total > amountCents) problems.push('Les affectations dépassent le montant du paiement.');
  return problems;
}
