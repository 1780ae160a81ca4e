import { readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ApiError, type FolderEntry } from '../../shared/api';
import type { HandlerContext } from './context';
import type { HandlerTable } from './dispatch';

type FileHandlers = Pick<HandlerTable, 'files.browse'>;

/** Most entries one listing returns; a larger folder says how many it left out. */
export const MAX_ENTRIES = 2000;

/** A path with its links resolved; the path itself when it does not exist (the listing then says so). */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const inside = (folder: string, root: string) => {
  const rel = relative(root, folder);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * List a folder for the folder picker. The path must be absolute (the picker always sends one it was given) and,
 * links resolved, inside a browsable root: the user's home, the app's home folder, the `browseRoots` setting.
 * A path outside them, a missing path, a file or an unreadable folder is refused naming it. Entries that vanish
 * or cannot be inspected while listing are skipped, never fatal.
 */
function browse(path: string | undefined, showHidden: boolean, ctx: HandlerContext) {
  const home = homedir();
  const roots = [
    ...new Set([home, ctx.store.layout.root, ...ctx.store.settings.get().browseRoots].map((r) => resolve(r))),
  ];
  const target = resolve(path ?? home);
  if (path !== undefined && !isAbsolute(path))
    throw new ApiError('invalid_request', `path: ${JSON.stringify(path)} is not absolute`);
  const root = roots.find((r) => inside(real(target), real(r)));
  if (!root)
    throw new ApiError(
      'invalid_request',
      `path: ${target} is outside the folders the browser may show (${roots.join(', ')}); ` +
        'add its folder under Settings → Browsable folders, or type the path',
    );
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
    parent: parent === target || real(target) === real(root) ? null : parent,
    roots,
    home,
    entries: entries.slice(0, MAX_ENTRIES),
    truncated: Math.max(0, entries.length - MAX_ENTRIES),
  };
}

export const fileHandlers: FileHandlers = {
  'files.browse': ({ path, showHidden }, ctx) => browse(path, showHidden, ctx),
};
