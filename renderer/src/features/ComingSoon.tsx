// A page not built yet says what is coming, not an error.
import type { ReactNode } from 'react';

export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="page">
      <header className="page__header">
        <h1>{title}</h1>
      </header>
      <div className="empty">
        <h2>Cette page arrive bientôt</h2>
        <p className="empty__text">{children}</p>
      </div>
    </section>
  );
}
