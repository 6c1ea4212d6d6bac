// Invoice and payment queries and mutations, with cache invalidation in one place.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '../../../../shared/contract.js';
import { api } from '../../api/client.js';

export function useInvoice(id: number | null) {
  return useQuery({ queryKey: ['invoices.get', id], queryFn: () => api('invoices.get', { id: id as number }), enabled: id !== null });
}

export function useClientSummary(id: number) {
  return useQuery({ queryKey: ['clients.summary', id], queryFn: () => api('clients.summary', { id }) });
}

export function useBookSettings() {
  return useQuery({ queryKey: ['settings.get'], queryFn: () => api('settings.get', {}) });
}

/** Any ledger write: afterwards every list, detail and summary is refetched. */
export function useLedgerMutation<C extends Channel>(channel: C) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<C>) => api(channel, input) as Promise<OutputOf<C>>,
    onSuccess: () => {
      for (const key of ['invoices.list', 'invoices.get', 'clients.summary', 'clients.openInvoices', 'audit.list', 'penalties.invoice']) {
        void queryClient.invalidateQueries({ queryKey: [key] });
      }
    },
  });
}
