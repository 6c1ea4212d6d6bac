// The application: data cache, routes, the first-run gate and the shell around every page.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { api, ApiError } from '../api/client.js';
import { todayLocal } from '../../../shared/domain/dates.js';
import { ToastProvider } from '../components/Toast.js';
import { ErrorState } from '../components/EmptyState.js';
import { ClientDetailPage } from '../features/clients/ClientDetailPage.js';
import { ClientEditPage } from '../features/clients/ClientEditPage.js';
import { ClientsPage } from '../features/clients/ClientsPage.js';
import { FirstRun } from '../features/company/FirstRun.js';
import { DashboardPage } from '../features/dashboard/DashboardPage.js';
import { ComingSoon } from '../features/ComingSoon.js';
import { ImportPage } from '../features/invoices/ImportPage.js';
import { InvoiceDetailPage } from '../features/invoices/InvoiceDetailPage.js';
import { InvoiceEditPage } from '../features/invoices/InvoiceEditPage.js';
import { InvoicesPage } from '../features/invoices/InvoicesPage.js';
import { PaymentPage } from '../features/invoices/PaymentPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { Layout } from './Layout.js';

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
        <Route
          path="relances"
          element={
            <ComingSoon title="Relances">
              Bientôt ici : vos scénarios de relance (amiable, ferme, mise en demeure) et, chaque matin, la liste de ce qu’il faut envoyer et
              à qui.
            </ComingSoon>
          }
        />
        <Route
          path="documents"
          element={
            <ComingSoon title="Documents">
              Bientôt ici : les lettres de relance, les mises en demeure à envoyer en recommandé avec accusé de réception, les relevés de
              compte et le dossier d’injonction de payer.
            </ComingSoon>
          }
        />
        <Route path="parametres" element={<SettingsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
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
