import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ApiError, type FolderEntry } from '../../shared/api';
import type { HandlerTable } from './dispatch';

type FileHandlers = Pick<HandlerTable, 'files.browse'>;

/** Most entries one listing returns; a larger folder says how many it left out. */
export const MAX_ENTRIES = 2000;

/**
 * List a folder for the folder picker. The path must be absolute (the picker always sends one it was given);
 * a missing path, a file or an unreadable folder is refused naming it. Entries that vanish or cannot be
 * inspected while listing are skipped, never fatal.
 */
function browse(path: string | undefined, showHidden: boolean) {
  const home = homedir();
  const target = resolve(path ?? home);
  if (path !== undefined && !isAbsolute(path))
    throw new ApiError('invalid_request', `path: ${JSON.stringify(path)} is not absolute`);
  let names: string[];
  try {
    if (!statSync(target).isDirectory())
      throw new ApiError('invalid_request', `path: ${target} is a file, not a folder`);
    names = readdirSync(target);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ApiError('not_found', `path: ${target} does not exist`);
    throw new ApiError(
      'invalid_request',
      `path: ${target} cannot be read (${code ?? (error as Error).message})`,
    );
  }
  const entries: FolderEntry[] = [];
  for (const name of names) {
    if (!showHidden && name.startsWith('.')) continue;
    try {
      const stats = statSync(join(target, name));
      entries.push(
        stats.isDirectory()
          ? { name, kind: 'folder', bytes: null }
          : { name, kind: 'file', bytes: stats.size },
      );
    } catch {
      // a dangling link or an entry removed meanwhile: not listed
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  const parent = dirname(target);
  return {
    path: target,
    parent: parent === target ? null : parent,
    home,
    entries: entries.slice(0, MAX_ENTRIES),
    truncated: Math.max(0, entries.length - MAX_ENTRIES),
  };
}

export const fileHandlers: FileHandlers = {
  'files.browse': ({ path, showHidden }) => browse(path, showHidden),
};
