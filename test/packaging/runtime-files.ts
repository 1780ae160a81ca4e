import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { importSpecifiers, readText } from './bundle-imports';

/**
 * The built files the packaged app loads, as project-relative paths under `out/`: the main entry
 * (package.json `main`), the job worker and the preload script (src/main/index.ts joins them to its folder), the
 * renderer page with the assets it names, and every chunk those bundles import by relative path.
 */
export function builtRuntimeFiles(base: string, main: string): string[] {
  const entries = [main, 'out/main/worker.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  const html = readText(join(base, 'out/renderer/index.html'));
  for (const match of html.matchAll(/\b(?:src|href)="\.?\/?(assets\/[^"]+)"/gu)) {
    entries.push(`out/renderer/${match[1]}`);
  }
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.c?js$/u.test(file) || !existsSync(join(base, file))) continue;
    for (const spec of importSpecifiers(readText(join(base, file)))) {
      if (spec.startsWith('./') || spec.startsWith('../')) queue.push(posix.join(posix.dirname(file), spec));
    }
  }
  return [...seen].sort();
}

/**
 * Files inside node_modules that the app reads as real files at run time, project-relative: tfjs's wasm
 * binaries (read by its Emscripten glue from its dist folder), the threaded build's glue and worker script
 * (src/engine/kernels/wasm-threads.ts) and better-sqlite3's Node-API addon for this platform.
 */
export function dependencyRuntimeFiles(): string[] {
  const wasm = 'node_modules/@tensorflow/tfjs-backend-wasm';
  const builds = ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd'];
  const sqlite = `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`;
  return [
    ...builds.map((name) => `${wasm}/dist/${name}.wasm`),
    `${wasm}/wasm-out/tfjs-backend-wasm-threaded-simd.js`,
    `${wasm}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`,
    sqlite,
  ];
}
