import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ApiError, type PreregistrationStatus } from '../../shared/api';
import type { Store } from '../../store';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A study's pre-registration file, read to be recorded with its group; refused naming the path and why. */
export function readPreregistration(path: string): { path: string; sha256: string; text: string } {
  if (!isAbsolute(path))
    throw new ApiError('invalid_request', `preregistration: ${path} is not an absolute path`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ApiError('invalid_request', `preregistration: cannot read ${path}: ${(e as Error).message}`);
  }
  if (text.trim() === '') throw new ApiError('invalid_request', `preregistration: ${path} is empty`);
  return { path, sha256: sha256(text), text };
}

/** The first line (1-based) where two texts differ. */
function firstChangedLine(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i + 1;
}

/** Whether a group's pre-registration file is still what it was when the group was queued; null without one. */
export function preregistrationStatus(store: Store, groupId: string): PreregistrationStatus | null {
  const registered = store.preregistrations.get(groupId);
  if (!registered) return null;
  const base = { path: registered.path, sha256: registered.sha256, registeredAt: registered.createdAt };
  let now: string;
  try {
    now = readFileSync(registered.path, 'utf8');
  } catch {
    return { ...base, state: 'missing', currentSha256: null, firstChangedLine: null };
  }
  const current = sha256(now);
  return current === registered.sha256
    ? { ...base, state: 'unchanged', currentSha256: current, firstChangedLine: null }
    : {
        ...base,
        state: 'edited',
        currentSha256: current,
        firstChangedLine: firstChangedLine(registered.text, now),
      };
}

/** What the report says of it. */
export function preregistrationNote(status: PreregistrationStatus): string {
  const what = `Pre-registration ${status.path} (SHA-256 ${status.sha256.slice(0, 12)} when the study was queued, ${status.registeredAt})`;
  switch (status.state) {
    case 'unchanged':
      return `${what}: unchanged since.`;
    case 'missing':
      return `${what}: the file is gone now; the text registered is kept with the group.`;
    case 'edited':
      return (
        `${what}: EDITED after the study started (now ${status.currentSha256!.slice(0, 12)}, first changed ` +
        `line ${status.firstChangedLine}). The comparisons it decides are those of the text registered.`
      );
  }
}
