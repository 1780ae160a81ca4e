import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The parts of electron-builder's configuration the packaging tests read. */
export interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: string[];
  /** The installers' icon, relative to the project; null when electron-builder would use Electron's. */
  icon: string | null;
}

type Loaded = Record<string, unknown> & { files?: unknown; asarUnpack?: unknown; extraResources?: unknown };

interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Loaded>;
  validateConfiguration(config: Loaded, logger: unknown): Promise<void>;
}

/** Patterns of a `files`-like option: a string, a list of strings, or `{ filter }` objects as getConfig normalises them. */
function patterns(value: unknown): string[] {
  if (value == null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const filter = (entry as { filter?: unknown }).filter;
    return patterns(filter);
  });
}

/** Loads electron-builder.yml with electron-builder's own loader and validates it against its schema. */
export async function loadBuilderConfig(root: string): Promise<BuilderConfig> {
  const require = createRequire(join(root, 'package.json'));
  const config = require('app-builder-lib/out/util/config/config') as ConfigModule;
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const loaded = await config.getConfig(root, null, null);
  await config.validateConfiguration(loaded, new DebugLogger(false));
  return {
    files: patterns(loaded.files),
    asarUnpack: patterns(loaded.asarUnpack),
    extraResources: patterns(loaded.extraResources),
    icon: typeof loaded.icon === 'string' ? loaded.icon : null,
  };
}

interface Minimatcher {
  negate: boolean;
  match(path: string): boolean;
}

/**
 * A matcher over `patterns` with electron-builder's rules: its own minimatch with `dot: true`, patterns in order,
 * a negated pattern removing what earlier ones matched. Paths are relative to the project, with forward slashes.
 */
export function globMatcher(root: string, list: string[]): (path: string) => boolean {
  const builderLib = createRequire(join(root, 'package.json')).resolve('app-builder-lib/package.json');
  const require = createRequire(builderLib);
  const { Minimatch } = require('minimatch') as {
    Minimatch: new (pattern: string, options: { dot: boolean }) => Minimatcher;
  };
  const matchers = list.map((pattern) => new Minimatch(pattern, { dot: true }));
  return (path) =>
    matchers.reduce((hit, m) => (m.negate ? hit && m.match(path) : hit || m.match(path)), false);
}
