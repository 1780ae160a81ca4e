/**
 * Produces the dense starting checkpoint the first run ships (resources/first-run/): the demo corpus exactly as
 * `npm run demo` builds it (0.5 h, seed 1) in a scratch home, a dense RNN-T of the demo preset trained on it for
 * the demo scale's dense budget, evaluated on its test split, and its weights, tokenizer and CMVN statistics
 * copied out with its learning-rate schedule, its training metrics and a manifest of what they are (the dataset
 * snapshot they fit, steps, test CER, training wall time). A home that already holds the finished start is reused
 * (only the evaluation and the copying run again).
 *
 *   npx tsx scripts/first-run-start.ts [--steps 1000] [--home /tmp/first-run-home]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readSafetensorsFile, writeSafetensorsFile } from '../src/engine/io/safetensors';
import { corpusFingerprint } from '../src/jobs/recipes/first-run';
import { openStoreReadOnly } from '../src/store';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000' },
    home: { type: 'string', default: '/tmp/first-run-home' },
  },
});
const home = resolve(values.home!);
const steps = Number(values.steps);
const out = join(root, 'resources', 'first-run');

function pathways(...args: string[]): unknown {
  const text = execFileSync(
    process.execPath,
    [join(root, 'bin', 'pathways.js'), ...args, '--home', home, '--json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 28,
    },
  );
  return JSON.parse(text);
}

interface Job {
  kind: string;
  runId: string | null;
  state: string;
  startedAt: string | null;
  finishedAt: string | null;
}
interface RunRecord {
  id: string;
  name: string;
  state: string;
  config: Record<string, unknown>;
  artifacts: { kind: string; path: string }[];
  metrics: { name: string; points: { step: number; value: number }[] }[];
  evaluations: {
    split: string;
    perLanguage: Record<string, { wer: number; cer: number; utterances: number }>;
  }[];
}
const NAME = 'first-run dense start';

// A home that already holds the finished start (an earlier call, stopped before it copied) is reused as it is.
const finished = () =>
  existsSync(home)
    ? (pathways('runs', 'list') as RunRecord[]).find((r) => r.name === NAME && r.state === 'succeeded')
    : undefined;
if (!finished()) {
  rmSync(home, { recursive: true, force: true });
  pathways('demo-corpus', '--hours', '0.5', '--seed', '1');
  const [built] = pathways('datasets') as { id: string }[];
  pathways(
    'train',
    '--dataset',
    built.id,
    '--seed',
    '1',
    '--name',
    NAME,
    '--set',
    'preset=demo',
    '--set',
    'scale=demo',
    '--set',
    `steps=${steps}`,
  );
}
const [dataset] = pathways('datasets') as { id: string; name: string; utterances: number }[];
const runId = finished()!.id;
const job = (pathways('jobs') as Job[]).find(
  (j) => j.runId === runId && j.kind === 'train' && j.state === 'succeeded',
)!;
const trainWallSec = Math.round((Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000);
let run = pathways('runs', 'show', runId) as RunRecord;
if (!run.evaluations.some((e) => e.split === 'test')) {
  pathways('eval', runId);
  run = pathways('runs', 'show', runId) as RunRecord;
}
const perLanguage = run.evaluations.filter((e) => e.split === 'test').at(-1)!.perLanguage;
const cers = Object.values(perLanguage).map((l) => l.cer);
const test = { split: 'test', perLanguage, averageCer: cers.reduce((a, b) => a + b, 0) / cers.length };
const store = openStoreReadOnly(home);
const corpus = corpusFingerprint(store, dataset.id);
store.close();
const newest = (kind: string) => run.artifacts.filter((a) => a.kind === kind).at(-1)!.path;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const model = newest('model');
// the weights alone: a fine-tuned child starts its own optimizer moments, so they need not ship (a third of the size)
const { tensors, metadata } = readSafetensorsFile(model);
const weights = new Map([...tensors].filter(([name]) => name.startsWith('model.')));
writeSafetensorsFile(join(out, 'model.safetensors'), weights, metadata);
copyFileSync(model.replace(/\.safetensors$/, '.json'), join(out, 'model.json'));
copyFileSync(newest('tokenizer'), join(out, 'tokenizer.json'));
copyFileSync(newest('cmvn'), join(out, 'cmvn.json'));
// the learning-rate schedule it trained with, which fine-tuned children continue
copyFileSync(join(dirname(newest('tokenizer')), 'schedule.json'), join(out, 'schedule.json'));
const metrics = run.metrics.filter(
  (m) => !m.name.includes('/') || m.name.startsWith('cer/') || m.name.startsWith('wer/'),
);
writeFileSync(join(out, 'metrics.json'), JSON.stringify(metrics) + '\n');
const manifest = {
  what: 'dense RNN-T (demo preset) trained on the demo corpus of `npm run demo` (0.5 h, seed 1)',
  producedBy: 'npx tsx scripts/first-run-start.ts',
  producedAt: new Date().toISOString(),
  dataset: { name: dataset.name, utterances: dataset.utterances, hours: 0.5, seed: 1 },
  corpus,
  config: run.config,
  steps,
  seed: 1,
  backend: (run as { backend?: string }).backend,
  trainWallSec,
  test,
};
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(JSON.stringify({ out, steps, trainWallSec, test }, null, 2));
