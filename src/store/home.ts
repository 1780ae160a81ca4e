import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Subfolders of a home folder, as docs/architecture.md "Files on disk" describes. */
export interface HomeLayout {
  root: string;
  db: string;
  runs: string;
  featureCache: string;
  corpora: string;
  /** Web mode's uploads of dropped folders and manifests, one folder each. */
  uploads: string;
}

export function homeLayout(root: string): HomeLayout {
  const abs = resolve(root);
  return {
    root: abs,
    db: join(abs, 'studio.db'),
    runs: join(abs, 'runs'),
    featureCache: join(abs, 'cache', 'features'),
    corpora: join(abs, 'corpora'),
    uploads: join(abs, 'uploads'),
  };
}

/** The home folder: an explicit flag, else PATHWAYS_HOME, else the given default (Electron userData), else ~/.pathways-studio. */
export function resolveHome(
  options: { flag?: string; env?: NodeJS.ProcessEnv; fallback?: string } = {},
): string {
  const env = options.env ?? process.env;
  return resolve(
    options.flag ?? env.PATHWAYS_HOME ?? options.fallback ?? join(homedir(), '.pathways-studio'),
  );
}
