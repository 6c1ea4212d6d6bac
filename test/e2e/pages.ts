// Page objects: what a user sees and does, by role and label, never by CSS class.
import type { Page } from 'playwright-core';

export class FirstRunPage {
  constructor(private readonly page: Page) {}
  heading() {
    return this.page.getByRole('heading', { name: 'Bienvenue dans Recouvra' });
  }
  async fillCompany(c: { name: string; siren: string; street: string; city: string }) {
    const form = this.page.getByRole('form', { name: 'Votre entreprise' });
    await form.getByRole('textbox', { name: 'Raison sociale', exact: true }).fill(c.name);
    await form.getByRole('textbox', { name: 'SIREN', exact: true }).fill(c.siren);
    await form.getByLabel(/Ligne 4/).fill(c.street);
    await form.getByLabel(/Ligne 6/).fill(c.city);
  }
  async submit() {
    await this.page.getByRole('button', { name: 'Enregistrer et commencer' }).click();
  }
}

export class ClientFormPage {
  constructor(private readonly page: Page) {}
  form() {
    return this.page.getByRole('form', { name: 'Fiche client' });
  }
  /** A text field by its accessible name (the label, without the "required" star). */
  field(label: string | RegExp) {
    return this.form().getByRole('textbox', { name: label, exact: typeof label === 'string' });
  }
  async save() {
    await this.form().getByRole('button', { name: 'Enregistrer', exact: true }).click();
  }
}

export class ClientsListPage {
  constructor(private readonly page: Page) {}
  async open() {
    await this.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients' }).click();
  }
  search() {
    return this.page.getByRole('searchbox', { name: 'Rechercher un client' });
  }
  rows() {
    return this.page.getByRole('table', { name: 'Clients' }).getByRole('rowgroup').nth(1).getByRole('row');
  }
  row(name: string) {
    return this.rows().filter({ hasText: name });
  }
  async filter(status: 'Actifs' | 'Archivés' | 'Tous') {
    await this.page.getByRole('radiogroup', { name: 'Statut' }).getByRole('radio', { name: status }).click();
  }
}
