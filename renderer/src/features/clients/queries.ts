// Client queries and mutations shared by the client pages, with cache invalidation in one place.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Client } from '../../../../shared/domain/client.js';
import type { ClientInput } from '../../../../shared/schemas.js';
import { api } from '../../api/client.js';

export function useClient(id: number | null) {
  return useQuery({ queryKey: ['clients.get', id], queryFn: () => api('clients.get', { id: id as number }), enabled: id !== null });
}

export function useClientHistory(id: number) {
  return useQuery({ queryKey: ['audit.list', 'client', id], queryFn: () => api('audit.list', { entity: 'client', entityId: id, limit: 50 }) });
}

function useInvalidateClients() {
  const queryClient = useQueryClient();
  return (client?: Client) => {
    void queryClient.invalidateQueries({ queryKey: ['clients.list'] });
    void queryClient.invalidateQueries({ queryKey: ['clients.tags'] });
    void queryClient.invalidateQueries({ queryKey: ['audit.list'] });
    if (client) queryClient.setQueryData(['clients.get', client.id], client);
  };
}

export function useSaveClient(id: number | null) {
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: (input: ClientInput) => (id === null ? api('clients.create', input) : api('clients.update', { id, client: input })),
    onSuccess: (client) => invalidate(client),
  });
}

export function useArchiveClient() {
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: ({ id, archive }: { id: number; archive: boolean }) => api(archive ? 'clients.archive' : 'clients.restore', { id }),
    onSuccess: (client) => invalidate(client),
  });
}

export function useDeleteClient() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: (id: number) => api('clients.delete', { id }),
    onSuccess: ({ id }) => {
      queryClient.removeQueries({ queryKey: ['clients.get', id] });
      invalidate();
    },
  });
}
