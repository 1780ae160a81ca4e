import { randomBytes } from 'node:crypto';

/** A short random id with a readable prefix, e.g. `run_3f9a1c2b7d`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
