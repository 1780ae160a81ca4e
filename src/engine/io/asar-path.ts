import { existsSync } from 'node:fs';

/** `app.asar` followed by a path separator, as it appears in the paths of a packaged Electron app's files. */
const IN_ASAR = /([\\/])app\.asar([\\/])/u;

/**
 * The real file behind `path` in a packaged Electron app: a file electron-builder's `asarUnpack` kept out of the
 * archive lies under `app.asar.unpacked`, where code that reads it without Electron's asar support (worker
 * threads importing a script by path, other programs) must look. Paths outside an archive, and files that were
 * not unpacked, come back unchanged.
 */
export function unpackedPath(path: string, exists: (path: string) => boolean = existsSync): string {
  if (!IN_ASAR.test(path)) return path;
  const unpacked = path.replace(IN_ASAR, '$1app.asar.unpacked$2');
  return exists(unpacked) ? unpacked : path;
}
