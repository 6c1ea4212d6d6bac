// Text folding for sorting and searching (lower case, accents removed, spaces folded), and file
// sizes written in French.

/** Removes accents (é → e, œ stays œ), as La Poste asks for address lines and as search expects. */
export function stripAccents(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** "  Société Générale " → "societe generale". */
export function fold(value: string): string {
  return stripAccents(value).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** 1 234 octets, 12,5 Ko, 3,4 Mo, 1,2 Go (French units, 1 Ko = 1 024 octets, digits grouped by a narrow no-break space). */
export function formatBytes(bytes: number): string {
  const fr = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 1 }).replace(/\s/g, '\u202f');
  if (bytes < 1024) return `${fr(bytes)} ${bytes > 1 ? 'octets' : 'octet'}`;
  const units = ['Ko', 'Mo', 'Go', 'To'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${fr(value)} ${units[unit]}`;
}
