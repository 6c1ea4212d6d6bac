// Settings: the user's company, display preferences, and where the data lives.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { ErrorState } from '../../components/EmptyState.js';
import { SelectField } from '../../components/Field.js';
import { CompanyForm } from '../company/CompanyForm.js';
import { CollectionSettings } from './CollectionSettings.js';
import { DataSettings } from './DataSettings.js';
import { LegalSettings } from './LegalSettings.js';
import { TemplateSettings } from './TemplateSettings.js';

export function SettingsPage() {
  const company = useQuery({ queryKey: ['company.get'], queryFn: () => api('company.get', {}) });
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api('app.info', {}) });
  const prefs = useQuery({ queryKey: ['preferences.get'], queryFn: () => api('preferences.get', {}) });
  const queryClient = useQueryClient();
  const setDensity = useMutation({
    mutationFn: (density: 'comfortable' | 'compact') => api('preferences.set', { display: { density } }),
    onSuccess: (p) => queryClient.setQueryData(['preferences.get'], p),
  });
  const density = prefs.data?.display.density ?? 'comfortable';

  return (
    <section className="page">
      <header className="page__header">
        <h1>Paramètres</h1>
      </header>
      <h2 className="section-title">Votre entreprise</h2>
      {company.isError ? <ErrorState error={company.error} /> : null}
      {company.isSuccess ? <CompanyForm company={company.data} submitLabel="Enregistrer l’entreprise" /> : null}

      <LegalSettings />
      <TemplateSettings />
      <CollectionSettings />
      <DataSettings />

      <h2 className="section-title">Affichage</h2>
      <div className="grid grid--3">
        <SelectField
          label="Densité des listes"
          value={density}
          onChange={(v) => setDensity.mutate(v)}
          options={[
            { value: 'comfortable', label: 'Confortable' },
            { value: 'compact', label: 'Compacte' },
          ]}
        />
      </div>

      <h2 className="section-title">Données</h2>
      {info.data ? (
        <dl className="facts">
          <dt>Fichier de données</dt>
          <dd className="cell--mono">{info.data.dbPath}</dd>
          <dt>Version du schéma</dt>
          <dd>{info.data.schemaVersion}</dd>
          <dt>Version de Recouvra</dt>
          <dd>{info.data.version}</dd>
          <dt>Mode</dt>
          <dd>{info.data.shell === 'electron' ? 'Application de bureau' : 'Navigateur (recouvra serve)'}</dd>
        </dl>
      ) : null}
    </section>
  );
}
