// Rows of a server-side list, fetched by pages for the rows a virtualizer shows: the first
// page gives the total; other pages load as the user scrolls, even after a jump to the middle.
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

export const PAGE_SIZE = 100;

interface Page {
  rows: unknown[];
  total: number;
}

export function usePagedRows<P extends Page>(options: {
  key: readonly unknown[];
  fetchPage: (offset: number, limit: number) => Promise<P>;
  scrollRef: RefObject<HTMLElement | null>;
  rowHeight: number;
}) {
  const { key, fetchPage, scrollRef, rowHeight } = options;
  const first = useQuery({ queryKey: [...key, 0], queryFn: () => fetchPage(0, PAGE_SIZE), placeholderData: keepPreviousData });
  const total = first.data?.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const pages = [...new Set(items.map((i) => Math.floor(i.index / PAGE_SIZE)))].filter((p) => p > 0);
  const others = useQueries({
    queries: pages.map((page) => ({ queryKey: [...key, page], queryFn: () => fetchPage(page * PAGE_SIZE, PAGE_SIZE) })),
  });
  const rowAt = (index: number): P['rows'][number] | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const data = page === 0 ? first.data : others[pages.indexOf(page)]?.data;
    return data?.rows[index % PAGE_SIZE];
  };
  return { first, total, virtualizer, items, rowAt };
}
