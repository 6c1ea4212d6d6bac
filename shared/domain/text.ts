// Text folding for sorting and searching: lower case, accents removed, spaces folded.

/** Removes accents (é → e, œ stays œ), as La Poste asks for address lines and as search expects. */
export function stripAccents(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** "  Société Générale " → "societe generale". */
export function fold(value: string): string {
  return stripAccents(value).toLowerCase().replace(/\s+/g, ' ').trim();
}
