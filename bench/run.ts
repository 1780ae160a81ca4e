/**
 * The benchmark suite: `npx tsx bench/run.ts [--only name[,name…]] [--quick]`. Each benchmark runs in
 * its own child process; results go to bench/results/<name>-<timestamp>.json, a summary with the
 * tfjs / PyTorch ratios of this run to bench/results/latest.json, and a table to stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_CASES, type BenchCase, type PythonCase } from './cases';
import { type BenchResult, parseResult, skipped } from './protocol';
import { computeRatios, formatTable } from './summary';
import { pythonWithTorch } from './torch-available';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench', 'results');
/** A benchmark still running after this long is stopped and reported as failed. */
const CHILD_TIMEOUT_MS = 20 * 60 * 1000;

function parseArgs(argv: string[]): { only: string[] | null; quick: boolean } {
  let only: string[] | null = null;
  let quick = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') quick = true;
    else if (argv[i] === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (argv[i].startsWith('--only=')) only = argv[i].slice('--only='.length).split(',').filter(Boolean);
    else throw new Error(`bench/run.ts: unknown argument '${argv[i]}' (use --only name[,name] and --quick)`);
  }
  const unknown = (only ?? []).filter((name) => !BENCH_CASES.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `bench/run.ts: unknown benchmark ${unknown.join(', ')}; known: ${BENCH_CASES.map((c) => c.name).join(', ')}`,
    );
  }
  return { only, quick };
}

function runNode(name: string, quick: boolean): BenchResult {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/child.ts', name, ...(quick ? ['--quick'] : [])],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: CHILD_TIMEOUT_MS,
    },
  );
  const result = parseResult(child.stdout ?? '');
  if (result) return result;
  const tail = `${child.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
  return {
    name,
    status: 'failed',
    reason: `child exited with ${child.status ?? child.signal}: ${tail}`,
    metrics: {},
  };
}

function runPython(spec: PythonCase, quick: boolean, python: string | null): BenchResult {
  if (!python)
    return skipped(spec.name, 'PyTorch not available (apt-get install python3-torch python3-torchaudio)');
  const child = spawnSync(python, [spec.script, ...spec.args(quick)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '2' },
    timeout: CHILD_TIMEOUT_MS,
  });
  const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const metrics = Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'),
    );
    const value = metrics[spec.primary.metric];
    return {
      name: spec.name,
      status: 'ok',
      primary: { metric: spec.primary.metric, value, unit: spec.primary.unit },
      metrics,
      details: parsed,
    };
  } catch {
    const tail = `${child.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    return {
      name: spec.name,
      status: 'failed',
      reason: `python exited with ${child.status}: ${tail}`,
      metrics: {},
    };
  }
}

function run(spec: BenchCase, quick: boolean, python: string | null): BenchResult {
  process.stdout.write(`running ${spec.name} … `);
  const start = performance.now();
  const result =
    spec.kind === 'python'
      ? runPython(spec, quick, python)
      : quick && spec.slow
        ? skipped(spec.name, 'skipped under --quick (one step takes minutes)')
        : runNode(spec.name, quick);
  process.stdout.write(`${result.status} (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
  return result;
}

const { only, quick } = parseArgs(process.argv.slice(2));
const python = pythonWithTorch();
if (!python) console.log('PyTorch reference: skipped (no /usr/bin/python3 with torch)');
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const results: BenchResult[] = [];
for (const spec of BENCH_CASES.filter((c) => !only || only.includes(c.name))) {
  const result = run(spec, quick, python);
  results.push(result);
  writeFileSync(
    join(resultsDir, `${spec.name}-${stamp}.json`),
    `${JSON.stringify({ ...result, quick, stamp }, null, 2)}\n`,
  );
}
const ratios = computeRatios(results);
const summary = { stamp, quick, cpus: (await import('node:os')).cpus().length, results, ratios };
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(formatTable(results, ratios));
console.log(`results: ${join('bench', 'results', 'latest.json')}`);
