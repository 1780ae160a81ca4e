import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MaskSet, randomMaskSet, readSafetensorsFile, selectPrunable } from '../../../src/engine';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { tempDir } from '../../helpers/tmp';
import { startHarness, until, type Harness } from '../harness';
import { trainedTinyRun } from './trained-run';

function modelTensors(store: Store, runId: string): Map<string, Float32Array> {
  const path = store.runs.artifacts(runId).find((a) => a.kind === 'model')!.path;
  return new Map(
    [...readSafetensorsFile(path).tensors]
      .filter(([k]) => k.startsWith('model.'))
      .map(([k, t]) => [k, t.data as Float32Array]),
  );
}

function masksOf(store: Store, runId: string): MaskSet[] {
  return store.runs
    .artifacts(runId)
    .filter((a) => a.kind === 'mask')
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((a) => MaskSet.load(a.path).masks);
}

function lastMetric(store: Store, runId: string, name: string): number | undefined {
  const row = store.db
    .prepare('SELECT value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step DESC LIMIT 1')
    .get(runId, name) as { value: number } | undefined;
  return row?.value;
}

const common = { checkpointEvery: 2, batchFrames: 4000, devUtterances: 0 };
/** Dense training from scratch with several batches per epoch, so the resumed run continues mid-epoch. */
const scratch = { ...common, preset: 'tiny', steps: 6, batchFrames: 120 };
/**
 * Each case: the run kind, its job kind and payload, its parents (the trained dense run, or LSP runs whose masks
 * the test writes itself), and after how many recorded steps its worker is killed. Every kind of training runs
 * through the same training loop; LSP with LTH rewinding is in prune-lth-resume.test.ts.
 */
const CASES = [
  {
    name: 'dense training from scratch',
    kind: 'dense',
    job: 'train',
    payload: scratch,
    parents: 'none',
    killAfter: 3,
  },
  {
    name: 'dense small from scratch',
    kind: 'dense-small',
    job: 'train',
    payload: scratch,
    parents: 'none',
    killAfter: 3,
  },
  {
    name: 'dense fine-tuning of a dense parent',
    kind: 'dense',
    job: 'train',
    payload: { ...common, steps: 6 },
    parents: 'dense',
    killAfter: 3,
  },
  {
    name: 'LAP one-shot pruning and fine-tuning',
    kind: 'lap',
    job: 'prune',
    payload: { ...common, method: 'lap', sparsity: 0.6, steps: 6 },
    parents: 'dense',
    killAfter: 3,
  },
  {
    name: 'LSP IMP pruning (killed in its second round)',
    kind: 'lsp',
    job: 'prune',
    payload: {
      ...common,
      method: 'lsp-imp',
      language: 'fr',
      sparsity: 0.6,
      rounds: 2,
      stepsPerRound: 4,
      finalSteps: 2,
    },
    parents: 'dense',
    killAfter: 5,
  },
  {
    name: 'fixed pathways (LSP masks)',
    kind: 'pathways',
    job: 'pathways',
    payload: { ...common, method: 'pathways', sparsity: 0.7, steps: 6 },
    parents: 'lsp',
    killAfter: 3,
  },
  {
    name: 'random pathways',
    kind: 'pathways',
    job: 'pathways',
    payload: { ...common, method: 'pathways-random', sparsity: 0.5, steps: 6 },
    parents: 'dense',
    killAfter: 3,
  },
  {
    name: 'dynamic pathways (re-evaluations before and after the kill)',
    kind: 'pathways',
    job: 'pathways',
    payload: {
      ...common,
      method: 'pathways-dynamic',
      sparsity: 0.6,
      steps: 8,
      dynamic: { init: 'lap', every: 2 },
    },
    parents: 'dense',
    killAfter: 5,
  },
] as const;

/** Two LSP runs of the dense parent (en, fr) whose random masks (sparsity 0.7) the test writes as their artifacts. */
function lspParents(harness: Harness, dense: string, datasetId: string): string[] {
  const { tensors } = readSafetensorsFile(
    harness.store.runs.artifacts(dense).find((a) => a.kind === 'model')!.path,
  );
  const shapes = new Map(
    [...tensors].filter(([k]) => k.startsWith('model.')).map(([k, t]) => [k.slice(6), t.shape]),
  );
  const prunable = new Map(selectPrunable(shapes).map((n) => [n, shapes.get(n)!]));
  return ['en', 'fr'].map((language, k) => {
    const id = harness.store.runs.create({
      name: 'lsp',
      kind: 'lsp',
      seed: 1,
      config: { parentRunIds: [dense], languages: [language] },
      datasetIds: [datasetId],
      appVersion: 'test',
    }).id;
    const dir = join(harness.home, 'test-masks', id);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `mask-${language}.safetensors`);
    randomMaskSet(prunable, 0.7, 21 + k).save(path);
    const bytes = readFileSync(path);
    harness.store.runs.addArtifact({
      runId: id,
      kind: 'mask',
      path,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    return id;
  });
}

describe('training jobs resume', () => {
  let harness: Harness;
  let parent: { runId: string; datasetId: string };
  let lsp: string[];
  const corpus = tempDir('pathways-tiny-');
  beforeAll(async () => {
    harness = startHarness();
    parent = await trainedTinyRun(harness, corpus.path);
    lsp = lspParents(harness, parent.runId, parent.datasetId);
  }, 120_000);
  afterAll(async () => {
    await harness.cleanup();
    corpus.cleanup();
  });

  it.each(CASES)(
    '$name: after its worker is killed, ends with exactly the weights and masks of an uninterrupted run',
    async ({ kind, job, payload, parents, killAfter }) => {
      const { runId: dense, datasetId } = parent;
      const parentRunIds = parents === 'none' ? [] : parents === 'lsp' ? lsp : [dense];
      const start = () => {
        const runId = harness.store.runs.create({
          name: kind,
          kind,
          seed: 2,
          config: { ...payload, parentRunIds },
          datasetIds: [datasetId],
          appVersion: 'test',
        }).id;
        return { runId, jobId: harness.supervisor.enqueue({ kind: job, runId, payload }).id };
      };

      const straight = start();
      const first = await waitForJob(harness.hub, harness.store, straight.jobId);
      expect(first.error ?? null).toBeNull();

      const killed = start();
      const pid = await until(
        `${killAfter} steps`,
        () => {
          const j = harness.store.jobs.get(killed.jobId)!;
          const steps = harness.store.db
            .prepare(`SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND name = 'loss'`)
            .get(killed.runId) as { n: number };
          const worker = harness.store.db
            .prepare('SELECT worker_pid AS pid FROM jobs WHERE id = ?')
            .get(killed.jobId) as { pid: number | null };
          return j.state === 'running' && steps.n >= killAfter ? worker.pid : null;
        },
        90_000,
      );
      process.kill(pid!, 'SIGKILL');
      const done = await waitForJob(harness.hub, harness.store, killed.jobId);
      expect(done.error ?? null).toBeNull();
      expect(done.attempts).toBe(2);
      expect(harness.store.jobs.logs(killed.jobId, 100).some((l) => /resuming from/.test(l.line))).toBe(true);

      const a = modelTensors(harness.store, straight.runId);
      const b = modelTensors(harness.store, killed.runId);
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [name, values] of a) expect(Array.from(b.get(name)!), name).toEqual(Array.from(values));
      const masksA = masksOf(harness.store, straight.runId);
      const masksB = masksOf(harness.store, killed.runId);
      expect(masksB.length).toBe(masksA.length);
      masksA.forEach((m, i) => expect(masksB[i].equals(m)).toBe(true));
      for (const name of ['train_steps', 'audio_seconds']) {
        expect(lastMetric(harness.store, killed.runId, name), name).toBeGreaterThan(0);
        expect(lastMetric(harness.store, killed.runId, name), name).toBeCloseTo(
          lastMetric(harness.store, straight.runId, name)!,
          6,
        );
      }
    },
    240_000,
  );
});
