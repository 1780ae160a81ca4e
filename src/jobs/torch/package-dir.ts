import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = join('pathways_torch', '__init__.py');

/**
 * The folder holding the `pathways_torch` package: PATHWAYS_TORCH_PACKAGE when set; in a packaged app
 * `<resources>/python` (electron-builder.yml extraResources); else the repository's `python/`, found from this
 * file's folder upwards (src/jobs/torch in development, out/main once built).
 */
export function torchPackageDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PATHWAYS_TORCH_PACKAGE) return env.PATHWAYS_TORCH_PACKAGE;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = resources ? [join(resources, 'python')] : [];
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'python'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((dir) => existsSync(join(dir, MARKER)));
  if (!found)
    throw new Error(`the PyTorch runner's package (python/${MARKER}) is not installed with this app`);
  return found;
}
