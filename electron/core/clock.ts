// Where the core reads the time. Tests pass a fixed clock; everything else uses the system's.
import { todayLocal, type IsoDate } from '../../shared/domain/dates.js';

export interface Clock {
  /** UTC ISO timestamp, for *_at columns. */
  now(): string;
  /** The user's calendar date, for *_date logic. */
  today(): IsoDate;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  today: () => todayLocal(),
};

export function fixedClock(nowIso: string): Clock {
  return { now: () => nowIso, today: () => todayLocal(new Date(nowIso)) };
}
