import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder entry with symbolic links followed (corpora are often assembled from links). */
export interface Entry {
  name: string;
  path: string;
  isDirectory: boolean;
  isFile: boolean;
}

/** Entries of `dir` sorted by name (byte order), or [] when the folder can't be read. Broken links are left out. */
export async function listDir(dir: string): Promise<Entry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const s = await stat(path);
      entries.push({ name, path, isDirectory: s.isDirectory(), isFile: s.isFile() });
    } catch {
      // A dangling link: nothing to read.
    }
  }
  return entries;
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** `root` itself when it is a layout's folder, otherwise its child folders that are (a folder holding several). */
export async function layoutFolders(
  root: string,
  isLayoutFolder: (dir: string) => Promise<boolean>,
): Promise<string[]> {
  if (await isLayoutFolder(root)) return [root];
  const dirs: string[] = [];
  for (const e of await listDir(root)) if (e.isDirectory && (await isLayoutFolder(e.path))) dirs.push(e.path);
  return dirs;
}

/** Files directly in `dir` whose lower-cased name ends with one of `extensions`. */
export async function filesWithExtension(dir: string, extensions: string[]): Promise<string[]> {
  return (await listDir(dir))
    .filter((e) => e.isFile && extensions.some((x) => e.name.toLowerCase().endsWith(x)))
    .map((e) => e.path);
}

/**
 * Files under `dir` (depth-limited) whose name satisfies `match`, in sorted path order. Each folder and file is
 * visited once by its real path, so symbolic links that loop back (or reach the same place twice) add nothing;
 * `onRepeat` hears of each path skipped for that.
 */
export async function findFiles(
  dir: string,
  match: (name: string) => boolean,
  maxDepth: number,
  onRepeat: (path: string, realPath: string) => void = () => {},
): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const firstVisit = async (path: string): Promise<boolean> => {
    const real = await realpath(path).catch(() => path);
    if (seen.has(real)) {
      onRepeat(path, real);
      return false;
    }
    seen.add(real);
    return true;
  };
  const walk = async (d: string, depth: number): Promise<void> => {
    for (const e of await listDir(d)) {
      if (e.isDirectory && depth < maxDepth) {
        if (await firstVisit(e.path)) await walk(e.path, depth + 1);
      } else if (e.isFile && match(e.name) && (await firstVisit(e.path))) out.push(e.path);
    }
  };
  if (await firstVisit(dir)) await walk(dir, 0);
  return out;
}
