import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { statFile } from '@electron/asar';
import { english } from '../../src/engine/data/demo/languages/en';
import { french } from '../../src/engine/data/demo/languages/fr';
import { italian } from '../../src/engine/data/demo/languages/it';
import { dutch } from '../../src/engine/data/demo/languages/nl';
import { projectRoot } from '../../src/jobs/version';
import { tempDir } from '../helpers/tmp';
import { type BuilderConfig, globMatcher, loadBuilderConfig } from './builder-config';
import { filesUnder, importSpecifiers, isBuiltin, packageName, readText } from './bundle-imports';
import { builtRuntimeFiles, dependencyRuntimeFiles } from './runtime-files';

/**
 * Builds the app with `electron-vite build --outDir` into a staging project in a temporary folder (package.json,
 * electron-builder.yml and node_modules linked from the checkout), so other tests writing `out/` are unaffected,
 * then checks the build against electron-builder.yml. Neither step needs Electron's binary.
 */
const root = projectRoot();
const pkg = JSON.parse(readText(join(root, 'package.json'))) as {
  main: string;
  dependencies: Record<string, string>;
};
const tmp = tempDir('pathways-package-');
/** What the first run reads from the shipped dense start (src/jobs/recipes/first-run.ts). */
const FIRST_RUN_FILES = [
  'manifest.json',
  'metrics.json',
  'model.safetensors',
  'model.json',
  'tokenizer.json',
  'cmvn.json',
  'schedule.json',
];
const stage = join(tmp.path, 'app');
let config: BuilderConfig;

beforeAll(async () => {
  mkdirSync(stage);
  for (const file of ['package.json', 'electron-builder.yml']) cpSync(join(root, file), join(stage, file));
  for (const dir of ['resources', 'build', 'python'])
    cpSync(join(root, dir), join(stage, dir), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'junction');
  const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  execFileSync(process.execPath, [cli, 'build', '--outDir', join(stage, 'out'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'pipe',
  });
  config = await loadBuilderConfig(stage);
});
afterAll(() => tmp.cleanup());

describe('the electron-vite build and electron-builder.yml', () => {
  it('put every built file the app loads into the package', () => {
    const inFiles = globMatcher(root, config.files);
    const files = builtRuntimeFiles(stage, pkg.main);
    expect(files).toContain('out/main/worker.js');
    expect(files.some((file) => /^out\/renderer\/assets\/.+\.js$/u.test(file))).toBe(true);
    for (const file of files) {
      expect(existsSync(join(stage, file)), `${file} is built`).toBe(true);
      expect(inFiles(file), `${file} is matched by files`).toBe(true);
    }
    // What src/main/index.ts joins to its own folder is what this test lists.
    const mainSource = readText(join(root, 'src/main/index.ts'));
    for (const name of ["'worker.js'", "'../preload/index.cjs'", "'../renderer/index.html'"]) {
      expect(mainSource).toContain(name);
    }
  });

  it('keeps the files read as real files (wasm, native addons) out of the asar', () => {
    const notExcluded = globMatcher(root, ['**/*', ...config.files.filter((p) => p.startsWith('!'))]);
    const unpacked = globMatcher(root, config.asarUnpack);
    for (const file of dependencyRuntimeFiles()) {
      expect(existsSync(join(root, file)), `${file} is installed`).toBe(true);
      expect(Object.keys(pkg.dependencies), `${file} is a runtime dependency's`).toContain(
        packageName(file.slice('node_modules/'.length)),
      );
      expect(notExcluded(file), `${file} is not excluded by files`).toBe(true);
      expect(unpacked(file), `${file} is matched by asarUnpack`).toBe(true);
    }
  });

  it('bundles main, worker and preload so they import only built-ins, electron and runtime dependencies', () => {
    const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
    const outside: string[] = [];
    for (const file of filesUnder(join(stage, 'out/main'), stage)) {
      if (!file.endsWith('.js')) continue;
      for (const spec of importSpecifiers(readText(join(stage, file)))) {
        if (spec.startsWith('.') || isBuiltin(spec)) continue;
        if (!allowed.has(packageName(spec))) outside.push(`${file}: ${spec}`);
      }
    }
    expect(outside).toEqual([]);
    // A sandboxed preload script can require only electron (and a few built-ins).
    expect(importSpecifiers(readText(join(stage, 'out/preload/index.cjs')))).toEqual(['electron']);
  });

  it('gives the installers an icon of 1024 × 1024 and the deb its maintainer and homepage', () => {
    const icon = readFileSync(join(root, config.icon!));
    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers
    expect(icon.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(icon.toString('latin1', 12, 16)).toBe('IHDR');
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([1024, 1024]);
    // electron-builder's deb target refuses a package.json without a homepage and an author's email
    const meta = pkg as unknown as { homepage?: string; author?: { name?: string; email?: string } };
    expect(meta.homepage).toMatch(/^https:\/\//u);
    expect(meta.author?.email).toMatch(/^[^@\s]+@[^@\s]+$/u);
  });

  it('compiles the demo grammars into the bundles (no grammar file is read at run time)', () => {
    const main = filesUnder(join(stage, 'out/main'), stage)
      .map((file) => readText(join(stage, file)))
      .join('\n');
    for (const grammar of [english, french, italian, dutch]) {
      for (const noun of [grammar.people[0], grammar.animals[0]]) {
        expect(main, `${grammar.language}: ${noun.sg}`).toContain(JSON.stringify(noun.pl));
      }
    }
    expect(main).not.toMatch(/demo\/languages\//u);
  });
});

/**
 * electron-builder itself, for Linux's unpacked `dir` target, on a stand-in for Electron's distribution (one
 * empty `electron` file): it collects the production node_modules, applies `files` and builds app.asar, so the
 * archive's listing shows what an installer would hold. Installers proper need the real binary.
 */
describe.runIf(process.platform === 'linux')('electron-builder --dir on a stand-in Electron', () => {
  it('packs the built app with the wasm files and addons unpacked', () => {
    const electronDist = join(tmp.path, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    const output = join(tmp.path, 'dist');
    const cli = join(root, 'node_modules/electron-builder/cli.js');
    execFileSync(
      process.execPath,
      [cli, '--projectDir', stage, '--linux', 'dir'].concat([
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${output}`,
      ]),
      { cwd: stage, stdio: 'pipe', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    const resources = join(output, 'linux-unpacked/resources');
    const archive = join(resources, 'app.asar');
    for (const file of builtRuntimeFiles(stage, pkg.main)) {
      expect(statFile(archive, file), `${file} in app.asar`).toBeTruthy();
    }
    for (const file of dependencyRuntimeFiles()) {
      expect(statFile(archive, file), `${file} unpacked`).toMatchObject({ unpacked: true });
      expect(existsSync(join(resources, 'app.asar.unpacked', file)), `${file} on disk`).toBe(true);
    }
    for (const file of FIRST_RUN_FILES)
      expect(existsSync(join(resources, 'first-run', file)), `first-run/${file} beside the archive`).toBe(
        true,
      );
    for (const file of ['__init__.py', 'train.py', 'watchdog.py'])
      expect(
        existsSync(join(resources, 'python/pathways_torch', file)),
        `python/pathways_torch/${file}`,
      ).toBe(true);
    expect(statFile(archive, 'package.json')).toBeTruthy();
    expect(() => statFile(archive, 'src/main/index.ts')).toThrow();
    expect(() => statFile(archive, 'node_modules/electron-builder/package.json')).toThrow();
  }, 120_000);
});
