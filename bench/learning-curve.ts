/**
 * Learning curve of the demo model on the demo corpus (the engine issue's "it learns" benchmark): builds the
 * demo corpus, trains a dense run through the real job system and reports dev WER/CER per language against
 * steps and wall minutes, then the test-set WER/CER of the final model. Writes bench/results/learning-curve-*.json.
 *
 *   npx tsx bench/learning-curve.ts [--hours 0.5] [--steps 1000] [--dev-every 100] [--warmup 300] [--preset demo]
 *     [--loss full|pruned] [--home DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppContext } from '../src/jobs/app-context';
import { dispatch } from '../src/jobs/api/dispatch';
import { handlers } from '../src/jobs/api/handlers';
import { createSupervisor } from '../src/jobs/supervisor';
import { waitForJob } from '../src/jobs/wait';
import type { ChannelName, RequestOf, ResponseOf } from '../src/shared/api';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '0.5' },
    steps: { type: 'string', default: '1000' },
    'dev-every': { type: 'string', default: '100' },
    /** Warm-up steps of the reference schedule (the PyTorch reference: 300 to 1e-3, then inverse square root). */
    warmup: { type: 'string', default: '300' },
    preset: { type: 'string', default: 'demo' },
    /** The run's RNN-T loss (the pruned loss with its defaults: range 5, LM scale 0.25, simple-loss scale 0.5). */
    loss: { type: 'string', default: 'full' },
    home: { type: 'string' },
  },
});

const home = values.home ?? join(tmpdir(), `pathways-curve-${Date.now()}`);
const app = await createAppContext({
  home,
  mode: 'cli',
  jobs: (store, hub, backend) => createSupervisor({ store, hub, backend }),
});

async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await dispatch(handlers, app.ctx, channel, request);
  if (!result.ok)
    throw new Error(`${channel}: ${result.error.message} ${JSON.stringify(result.error.issues ?? [])}`);
  return result.value as ResponseOf<C>;
}

async function settle(jobId: string): Promise<void> {
  const job = await waitForJob(app.hub, app.store, jobId);
  if (job.state !== 'succeeded') throw new Error(`job ${job.kind} ${job.state}: ${job.error}`);
}

const started = Date.now();
await settle((await call('datasets.buildDemo', { seed: 1, hours: Number(values.hours) })).jobId);
const [dataset] = app.store.datasets.list();
const trainStart = Date.now();
const created = await call('runs.create', {
  kind: 'dense',
  datasetIds: [dataset.id],
  seed: 1,
  config: {
    preset: values.preset,
    loss: values.loss,
    steps: Number(values.steps),
    devEvery: Number(values['dev-every']),
    devUtterances: 40,
    schedule: { kind: 'warmup-inverse-sqrt', peak: 1e-3, warmupSteps: Number(values.warmup) },
  },
});
for (const jobId of created.jobIds) await settle(jobId);
const trainMinutes = (Date.now() - trainStart) / 60_000;
await settle(app.ctx.jobs.enqueue({ kind: 'eval', runId: created.runId, payload: {} }).id);

const series = app.store.runs.metrics(created.runId, undefined, 100_000);
const loss = series.find((s) => s.name === 'loss')?.points ?? [];
const curve = series
  .filter((s) => /^(wer|cer)\//.test(s.name))
  .map((s) => ({ metric: s.name, points: s.points }));
const test = await call('evaluations.list', { runId: created.runId });
const result = {
  benchmark: 'learning-curve',
  home,
  backend: app.ctx.backend.name,
  corpusHours: dataset.hours,
  preset: values.preset,
  loss: values.loss,
  steps: Number(values.steps),
  trainMinutes,
  minutesPerStep: trainMinutes / Math.max(1, loss.length),
  totalMinutes: (Date.now() - started) / 60_000,
  finalLoss: loss.at(-1)?.value ?? null,
  dev: curve,
  test: test.map((e) => e.perLanguage),
};
const dir = join(import.meta.dirname ?? '.', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `learning-curve-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
console.log(
  `train ${trainMinutes.toFixed(1)} min for ${result.steps} steps on ${result.backend}; wrote ${file}`,
);
for (const { metric, points } of curve) {
  console.log(
    `${metric.padEnd(8)} ${points.map((p) => `${p.step}:${(100 * p.value).toFixed(1)}`).join('  ')}`,
  );
}
console.log('test', JSON.stringify(result.test));
await app.close();
