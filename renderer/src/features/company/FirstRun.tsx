// First launch: the user's own company comes first, since it prints on every letter.
import { CompanyForm } from './CompanyForm.js';

export function FirstRun({ onSkip }: { onSkip: () => void }) {
  return (
    <main className="first-run">
      <header>
        <h1>Bienvenue dans Recouvra</h1>
        <p>
          Commençons par votre entreprise : ses coordonnées figurent sur chaque relance, chaque mise en demeure et chaque dossier
          d’injonction de payer. Vous pourrez les modifier à tout moment dans Paramètres.
        </p>
      </header>
      <CompanyForm company={null} submitLabel="Enregistrer et commencer" />
      <p className="first-run__skip">
        <button type="button" className="button button--link" onClick={onSkip}>
          Plus tard
        </button>
      </p>
    </main>
  );
}
