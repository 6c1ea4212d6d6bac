import { describe, expect, it } from 'vitest';
import { fold, formatBytes } from './text.js';

describe('fold', () => {
  it('lowers, strips accents and folds spaces', () => {
    expect(fold('  Société   Générale ')).toBe('societe generale');
  });
});

describe('formatBytes', () => {
  it('writes sizes in French units, one decimal at most, digits grouped', () => {
    expect(formatBytes(0)).toBe('0 octet');
    expect(formatBytes(1)).toBe('1 octet');
    expect(formatBytes(1023)).toBe('1\u202f023 octets');
    expect(formatBytes(1024)).toBe('1 Ko');
    expect(formatBytes(12.5 * 1024)).toBe('12,5 Ko');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 Mo');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1,3 Go');
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2\u202f048 To');
  });
});
