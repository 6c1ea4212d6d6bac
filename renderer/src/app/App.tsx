// The application: data cache, routes, the first-run gate and the shell around every page.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { todayLocal } from '../../../shared/domain/dates.js';
import { ToastProvider } from '../components/Toast.js';
import { ErrorState } from '../components/EmptyState.js';
import { FirstRun } from '../features/company/FirstRun.js';
import { DashboardPage } from '../features/dashboard/DashboardPage.js';
import { Layout } from './Layout.js';

// Pages other than the dashboard load on first visit: the first screen parses less code.
const ClientDetailPage = lazy(() => import('../features/clients/ClientDetailPage.js').then((m) => ({ default: m.ClientDetailPage })));
const ClientEditPage = lazy(() => import('../features/clients/ClientEditPage.js').then((m) => ({ default: m.ClientEditPage })));
const ClientsPage = lazy(() => import('../features/clients/ClientsPage.js').then((m) => ({ default: m.ClientsPage })));
const ImportPage = lazy(() => import('../features/invoices/ImportPage.js').then((m) => ({ default: m.ImportPage })));
const InvoiceDetailPage = lazy(() => import('../features/invoices/InvoiceDetailPage.js').then((m) => ({ default: m.InvoiceDetailPage })));
const InvoiceEditPage = lazy(() => import('../features/invoices/InvoiceEditPage.js').then((m) => ({ default: m.InvoiceEditPage })));
const InvoicesPage = lazy(() => import('../features/invoices/InvoicesPage.js').then((m) => ({ default: m.InvoicesPage })));
const PaymentPage = lazy(() => import('../features/invoices/PaymentPage.js').then((m) => ({ default: m.PaymentPage })));
const DocumentsPage = lazy(() => import('../features/documents/DocumentsPage.js').then((m) => ({ default: m.DocumentsPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage.js').then((m) => ({ default: m.SettingsPage })));
const QueuePage = lazy(() => import('../features/queue/QueuePage.js').then((m) => ({ default: m.QueuePage })));


const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => !(error instanceof ApiError) && count < 2, refetchOnWindowFocus: false, staleTime: 10_000 },
  },
});

const SKIP_KEY = 'recouvra.firstRunSkipped';

function Gate() {
  const company = useQuery({ queryKey: ['company.get'], queryFn: () => api('company.get', {}) });
  // The dashboard is the first screen: its numbers are asked for while the shell loads.
  useState(() => {
    if (window.location.hash === '' || window.location.hash === '#/') {
      const today = todayLocal();
      void queryClient.prefetchQuery({ queryKey: ['reports.indicators', today], queryFn: () => api('reports.indicators', { asOf: today }) });
    }
    return null;
  });
  const [skipped, setSkipped] = useState(() => sessionStorage.getItem(SKIP_KEY) === '1');
  if (company.isPending) return <div className="loading" aria-busy="true">Chargement…</div>;
  if (company.isError) return <ErrorState error={company.error} />;
  if (company.data === null && !skipped) {
    return (
      <FirstRun
        onSkip={() => {
          sessionStorage.setItem(SKIP_KEY, '1');
          setSkipped(true);
        }}
      />
    );
  }
  return (
    <Suspense fallback={<div className="loading">Chargement…</div>}>
    <Routes>
      <Route element={<Layout companyMissing={company.data === null} />}>
        <Route index element={<DashboardPage />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="clients/nouveau" element={<ClientEditPage />} />
        <Route path="clients/:id" element={<ClientDetailPage />} />
        <Route path="clients/:id/modifier" element={<ClientEditPage />} />
        <Route path="factures" element={<InvoicesPage />} />
        <Route path="factures/nouvelle" element={<InvoiceEditPage />} />
        <Route path="factures/import" element={<ImportPage />} />
        <Route path="factures/:id" element={<InvoiceDetailPage />} />
        <Route path="factures/:id/modifier" element={<InvoiceEditPage />} />
        <Route path="paiements/nouveau" element={<PaymentPage />} />
        <Route path="relances" element={<QueuePage />} />
        <Route path="documents" element={<DocumentsPage />} />
        <Route path="parametres" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <HashRouter>
          <Gate />
        </HashRouter>
      </ToastProvider>
    </QueryClientProvider>
  );
}
