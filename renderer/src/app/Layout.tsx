// The shell around every page: the French navigation and the page outlet.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { NavLink, Outlet, Link } from 'react-router';
import { api } from '../api/client.js';

const NAV = [
  { to: '/', label: 'Tableau de bord', end: true },
  { to: '/clients', label: 'Clients' },
  { to: '/factures', label: 'Factures' },
  { to: '/relances', label: 'Relances' },
  { to: '/documents', label: 'Documents' },
  { to: '/parametres', label: 'Paramètres' },
];

export function Layout({ companyMissing }: { companyMissing: boolean }) {
  const prefs = useQuery({ queryKey: ['preferences.get'], queryFn: () => api('preferences.get', {}) });
  const density = prefs.data?.display.density ?? 'comfortable';
  const rates = useQuery({ queryKey: ['rates.list'], queryFn: () => api('rates.list', {}) });
  useEffect(() => {
    document.documentElement.dataset.density = density;
  }, [density]);
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Navigation principale">
        <div className="sidebar__brand">Recouvra</div>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false} className={({ isActive }) => (isActive ? 'nav-link nav-link--active' : 'nav-link')}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {companyMissing ? (
          <div className="notice notice--warning">
            Votre entreprise n’est pas encore renseignée : elle figure sur chaque courrier. <Link to="/parametres">Renseigner maintenant</Link>
          </div>
        ) : null}
        {rates.data?.coverageWarning ? (
          <div className="notice notice--warning">
            {rates.data.coverageWarning} <Link to="/parametres#taux">Saisir les taux</Link>
          </div>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
