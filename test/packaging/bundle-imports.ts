import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

/**
 * Module specifiers a built bundle loads by a string literal: `import … from` / `export … from` statements and bare
 * `import '…'` (at line starts, as Rollup writes them), dynamic `import('…')`, `require('…')` (also vite's `require2`-style renames) and
 * `require.resolve('…')`. Specifiers computed at run time (template literals, variables) are not seen.
 */
export function importSpecifiers(code: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/gmu,
    /^\s*import\s*["']([^"']+)["']/gmu,
    /\bimport\(\s*["']([^"']+)["']\s*\)/gu,
    /\b(?:require\d*|__require)(?:\.resolve)?\(\s*["']([^"']+)["']\s*\)/gu,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.add(match[1]);
  return [...found];
}

/** The npm package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export const isBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || builtinModules.includes(specifier);

/** Every file under `dir`, as paths relative to `base` with forward slashes. */
export function filesUnder(dir: string, base: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(base, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

export const readText = (path: string): string => readFileSync(path, 'utf8');
