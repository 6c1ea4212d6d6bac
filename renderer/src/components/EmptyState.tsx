// What a page shows when there is nothing yet: what this place is for and the next step.
import type { ReactNode } from 'react';

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children ? <div className="empty__text">{children}</div> : null}
      {action ? <div className="empty__action">{action}</div> : null}
    </div>
  );
}

export function ErrorState({ error }: { error: unknown }) {
  return (
    <div className="notice notice--error" role="alert">
      {error instanceof Error ? error.message : 'Erreur inattendue.'}
    </div>
  );
}
