import { readdirSync } from 'node:fs';
import { parameterCount, presetConfig } from '../../../src/engine';
import { parsePayload } from '../../../src/jobs/kinds';
import { waitForJob } from '../../../src/jobs/wait';
import type { Store } from '../../../src/store';
import { harnessPerTest, until } from '../harness';
import { framesOf, storeTinyCorpus, TINY_TEXTS } from './tiny-corpus';
import { trainedTinyRun } from './trained-run';

function series(store: Store, runId: string, name: string): { step: number; value: number }[] {
  return store.db
    .prepare('SELECT step, value FROM metrics WHERE run_id = ? AND name = ? ORDER BY step')
    .all(runId, name) as { step: number; value: number }[];
}

const STEPS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const TRAIN_PAYLOAD = { preset: 'tiny', steps: 10, checkpointEvery: 2, devEvery: 4, batchFrames: 4000 };

describe('train job', () => {
  const jobs = harnessPerTest();

  it('rejects a bad model override naming the field, before any compute', () => {
    expect(() => parsePayload('train', { preset: 'tiny', model: { heads: 5 } })).toThrow(
      expect.objectContaining({
        issues: expect.arrayContaining([expect.objectContaining({ path: 'model.heads' })]),
      }),
    );
    expect(() => parsePayload('train', { preset: 'tiny', stepz: 3 })).toThrow(/invalid train job payload/);
  });

  it("rejects bad pruned-loss options naming the field, before any compute; 'full' stays the default", () => {
    const pruned = { preset: 'tiny', steps: 10, loss: 'pruned' };
    const rejects = (payload: object, path: string) =>
      expect(() => parsePayload('train', payload)).toThrow(
        expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ path })]) }),
      );
    rejects({ ...pruned, pruneRange: 1 }, 'pruneRange');
    rejects({ ...pruned, lmScale: -0.25 }, 'lmScale');
    rejects({ ...pruned, simpleLossScale: -1 }, 'simpleLossScale');
    rejects({ ...pruned, prunedWarmupSteps: 6 }, 'prunedWarmupSteps'); // full pruned scale at 12 > 10 steps
    expect(parsePayload('train', { preset: 'tiny' })).toMatchObject({ loss: 'full' });
    expect(parsePayload('train', pruned)).toMatchObject({ pruneRange: 5, lmScale: 0.25, amScale: 0 });
  });

  it('trains with the pruned loss and says so in the job log', async () => {
    const harness = jobs.start();
    const datasetId = storeTinyCorpus(harness.store, jobs.corpus);
    const payload = {
      ...TRAIN_PAYLOAD,
      steps: 4,
      checkpointEvery: 4,
      devEvery: 4,
      loss: 'pruned',
      pruneRange: 2,
    };
    const run = harness.store.runs.create({
      name: 'dense-pruned',
      kind: 'dense',
      seed: 4,
      config: payload,
      datasetIds: [datasetId],
      appVersion: 'test',
    });
    const job = harness.supervisor.enqueue({ kind: 'train', runId: run.id, payload });
    const done = await waitForJob(harness.hub, harness.store, job.id);
    expect(done.error ?? null).toBeNull();
    const lines = harness.store.jobs.logs(job.id, 100).map((l) => l.line);
    expect(lines.some((l) => /loss: pruned RNN-T \(range 2, .*before step 1, × 0\.1 before 2/.test(l))).toBe(
      true,
    );
    expect(series(harness.store, run.id, 'loss').every((p) => Number.isFinite(p.value))).toBe(true);
  });

  it('a dense run with uniform sampling draws its languages uniformly, not by their data', async () => {
    const harness = jobs.start();
    // six English training utterances to one French one: proportional drawing would pick French 1 step in 7
    const texts = {
      en: { ...TINY_TEXTS.en, train: [...TINY_TEXTS.en.train, 'ba', 'abb'] },
      fr: { ...TINY_TEXTS.fr, train: ['cd dc'] },
    };
    const datasetId = storeTinyCorpus(harness.store, jobs.corpus, texts);
    const steps = 40;
    const payload = {
      ...TRAIN_PAYLOAD,
      steps,
      checkpointEvery: steps,
      devEvery: steps,
      sampling: { scheme: 'uniform', mode: 'sample', batchesPerStep: 1 },
    };
    const run = harness.store.runs.create({
      name: 'dense-uniform',
      kind: 'dense',
      seed: 2,
      config: payload,
      datasetIds: [datasetId],
      appVersion: 'test',
    });
    const job = harness.supervisor.enqueue({ kind: 'train', runId: run.id, payload });
    const done = await waitForJob(harness.hub, harness.store, job.id);
    expect(done.error ?? null).toBeNull();
    // every step trains one language, recorded as its loss/<language> metric
    const en = series(harness.store, run.id, 'loss/en').map((p) => p.step);
    const fr = series(harness.store, run.id, 'loss/fr').map((p) => p.step);
    expect([...en, ...fr].sort((a, b) => a - b)).toEqual(Array.from({ length: steps }, (_, i) => i + 1));
    // uniform: French ~ Binomial(40, 1/2), mean 20, sd 3.2; proportional would give mean 5.7
    expect(fr.length).toBeGreaterThanOrEqual(12);
    expect(fr.length).toBeLessThanOrEqual(28);
  });

  it("fine-tuning continues the parent's learning-rate schedule from its final rate, or re-warms when asked", async () => {
    const harness = jobs.start();
    // the parent: 8 steps of the default schedule, warm-up round(8 / 4) = 2 steps to 1e-3, then 1e-3 · √(2 / t)
    const { runId: parent, datasetId } = await trainedTinyRun(harness, jobs.corpus, 8);
    const defaultLr = (steps: number, t: number) => {
      const w = Math.max(1, Math.min(300, Math.round(steps / 4)));
      return 1e-3 * Math.min(t / w, Math.sqrt(w / t));
    };
    const child = async (finetune: Record<string, unknown>) => {
      const payload = {
        preset: 'tiny',
        steps: 4,
        checkpointEvery: 4,
        batchFrames: 4000,
        devUtterances: 0,
        finetune,
      };
      const run = harness.store.runs.create({
        name: 'dense + F',
        kind: 'dense',
        seed: 1,
        config: { ...payload, parentRunIds: [parent] },
        datasetIds: [datasetId],
        appVersion: 'test',
      });
      const job = harness.supervisor.enqueue({ kind: 'train', runId: run.id, payload });
      expect((await waitForJob(harness.hub, harness.store, job.id)).error ?? null).toBeNull();
      return series(harness.store, run.id, 'lr').map((p) => p.value);
    };
    const continued = await child({});
    [1, 2, 3, 4].forEach((t, i) => expect(continued[i]).toBeCloseTo(defaultLr(8, 8 + t), 12));
    const warmed = await child({ warmupSteps: 2 });
    expect(warmed[0]).toBeCloseTo(0.5 * defaultLr(8, 9), 12);
    expect(warmed[2]).toBeCloseTo(defaultLr(8, 11), 12);
    // re-warming: the child's own default schedule, warm-up round(4 / 4) = 1 step to the peak again
    const rewarmed = await child({ schedule: 'rewarm' });
    [1, 2, 3, 4].forEach((t, i) => expect(rewarmed[i]).toBeCloseTo(defaultLr(4, t), 12));
  });

  it('trains, checkpoints, records the model and metrics, and resumes after its worker is killed', async () => {
    const harness = jobs.start();
    const datasetId = storeTinyCorpus(harness.store, jobs.corpus);
    const run = harness.store.runs.create({
      name: 'dense',
      kind: 'dense',
      seed: 3,
      config: TRAIN_PAYLOAD,
      datasetIds: [datasetId],
      appVersion: 'test',
    });
    const job = harness.supervisor.enqueue({ kind: 'train', runId: run.id, payload: TRAIN_PAYLOAD });
    const pid = await until(
      'a checkpoint after step 2',
      () => {
        const j = harness.store.jobs.get(job.id)!;
        if (j.state === 'failed') throw new Error(`train job failed: ${j.error}`);
        const steps = series(harness.store, run.id, 'loss').length;
        return j.state === 'running' && steps >= 3
          ? (
              harness.store.db.prepare('SELECT worker_pid AS pid FROM jobs WHERE id = ?').get(job.id) as {
                pid: number | null;
              }
            ).pid
          : null;
      },
      60_000,
    );
    process.kill(pid!, 'SIGKILL');
    const done = await waitForJob(harness.hub, harness.store, job.id);
    expect(done.error ?? null).toBeNull();
    expect(done.state).toBe('succeeded');
    expect(done.attempts).toBe(2);
    // the second attempt continued from a checkpoint (every 2 steps), not from scratch
    const resumed = harness.store.jobs
      .logs(job.id, 100)
      .map((l) => /resuming from .* \(step (\d+)\)/.exec(l.line))
      .find((m) => m !== null);
    expect(resumed).toBeDefined();
    expect(Number(resumed![1]) % 2).toBe(0);
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(2);

    // every step's loss exactly once, finite
    const loss = series(harness.store, run.id, 'loss');
    expect(loss.map((p) => p.step)).toEqual(STEPS);
    for (const p of loss) expect(Number.isFinite(p.value) && p.value > 0).toBe(true);

    // one batch holds the whole train split, so each step sees all of its audio (frames · 10 ms)
    const trainFrames = Object.values(TINY_TEXTS)
      .flatMap((s) => s.train)
      .reduce((n, t) => n + framesOf(t), 0);
    const hours = series(harness.store, run.id, 'audio_hours');
    expect(hours.map((p) => p.step)).toEqual(STEPS);
    hours.forEach((p) => expect(p.value).toBeCloseTo((p.step * trainFrames * 0.01) / 3600, 9));

    // dense size: the tiny preset with blank, unknown, word start and the 4 letters a–d
    const nonZeros = series(harness.store, run.id, 'non_zeros');
    expect(nonZeros).toEqual([{ step: 10, value: parameterCount(presetConfig('tiny', { vocabSize: 7 })) }]);
    expect(series(harness.store, run.id, 'sparsity')).toEqual([{ step: 10, value: 0 }]);

    // dev WER/CER per language at the dev interval and at the end
    for (const lang of ['en', 'fr']) {
      for (const name of [`wer/${lang}`, `cer/${lang}`]) {
        const points = series(harness.store, run.id, name);
        expect(points.map((p) => p.step)).toEqual([4, 8, 10]);
        for (const p of points) expect(p.value).toBeGreaterThanOrEqual(0);
      }
    }
    // and the time each dev evaluation took, in the job log
    const devLines = harness.store.jobs
      .logs(job.id, 100)
      .map((l) =>
        /^dev set at step (\d+): (\d+) utterances decoded in \d+\.\d s \(\d+\.\d utterances\/s\)$/.exec(
          l.line,
        ),
      )
      .filter((m) => m !== null);
    expect(new Set(devLines.map((m) => Number(m[1])))).toEqual(new Set([4, 8, 10]));
    for (const m of devLines) expect(Number(m[2])).toBeGreaterThan(0);

    const kinds = harness.store.runs.artifacts(run.id).map((a) => a.kind);
    expect(kinds.sort()).toEqual(['cmvn', 'model', 'tokenizer']);
    const model = harness.store.runs.artifacts(run.id).find((a) => a.kind === 'model')!;
    expect(model.path).toMatch(/step-0+10\.safetensors$/);
    const dir = model.path.replace(/\/[^/]+$/, '');
    const kept = readdirSync(dir).filter((f) => f.endsWith('.safetensors'));
    expect(kept.length).toBeLessThanOrEqual(2);
  }, 120_000);
});
