/**
 * A train job on the PyTorch runner with bad input fails with the reason: no interpreter, an interpreter without
 * torch, one with a torch older than 1.13 (these three need no torch here: the Pythons are made from
 * /usr/bin/python3 -S, which leaves out the installed packages), and a rank killed mid-run, which fails the job
 * naming the step and leaves the last good checkpoint intact (skipped, with the reason, without torch).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForJob } from '../../src/jobs/wait';
import { tempDir } from '../helpers/tmp';
import { harnessPerTest, until } from '../jobs/harness';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { PYTHON, torchMissing } from './python';
import { metricSeries, processesWith, tinyDenseRun } from './train-job-helpers';

const missing = torchMissing();
const TORCH = { runner: { kind: 'torch', nproc: 2 } };

/** An executable that runs /usr/bin/python3 without its installed packages, with `path` on PYTHONPATH. */
function python(dir: string, name: string, path?: string): string {
  const file = join(dir, name);
  const env = path ? `PYTHONPATH=${path} ` : '';
  writeFileSync(file, `#!/bin/sh\n${env}exec ${PYTHON} -S "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('a train job on the PyTorch runner with bad input', () => {
  const jobs = harnessPerTest();
  const bin = tempDir('pathways-pythons-');
  afterAll(() => bin.cleanup());

  it('fails with the reason when the interpreter is missing, has no torch, or too old a torch', async () => {
    const oldTorch = join(bin.path, 'old-torch');
    mkdirSync(join(oldTorch, 'torch'), { recursive: true });
    mkdirSync(join(oldTorch, 'torchaudio'), { recursive: true });
    writeFileSync(join(oldTorch, 'torch', '__init__.py'), '__version__ = "1.12.1"\n');
    writeFileSync(join(oldTorch, 'torchaudio', '__init__.py'), '__version__ = "0.12.1"\n');
    const cases = [
      { python: join(bin.path, 'no-such-python'), reason: /no-such-python cannot be run \(no such file\)/ },
      {
        python: python(bin.path, 'python-without-torch'),
        reason: /has no torch\/torchaudio \(ModuleNotFoundError: No module named 'torch'\)/,
      },
      {
        python: python(bin.path, 'python-old-torch', oldTorch),
        reason: /has torch 1\.12\.1; the runner needs 1\.13 or newer/,
      },
    ];
    const h = jobs.start({ concurrency: 1 });
    const datasetId = storeTinyCorpus(h.store, jobs.corpus);
    for (const c of cases) {
      h.store.settings.set({ pythonPath: c.python });
      const { jobId } = tinyDenseRun(h, datasetId, TORCH);
      const done = await waitForJob(h.hub, h.store, jobId);
      console.log(`${c.python}: ${done.state}: ${done.error}`);
      expect(done.state).toBe('failed');
      expect(done.error).toMatch(/^the PyTorch runner is unavailable: /);
      expect(done.error).toMatch(c.reason);
      const dir = join(h.store.layout.runs, done.runId!, 'checkpoints', jobId);
      expect(existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('step-')) : []).toEqual([]);
    }
  });

  it('fails naming the step when a rank dies, and keeps the last good checkpoint', async (context) => {
    if (missing) {
      console.log(`skipping the killed rank: ${missing}`);
      return context.skip(missing);
    }
    const h = jobs.start();
    const datasetId = storeTinyCorpus(h.store, jobs.corpus);
    const { runId, jobId } = tinyDenseRun(h, datasetId, { ...TORCH, steps: 200, devUtterances: 0 });
    const checkpoints = join(h.store.layout.runs, runId, 'checkpoints', jobId);
    await until(
      'step 5 in the store',
      () => metricSeries(h.store, runId, 'loss').some((p) => p.step >= 5),
      40_000,
    );
    const rank = processesWith(checkpoints).find(
      (p) => p.args.includes(' -m pathways_torch.train') && !p.args.includes('torch.distributed.run'),
    );
    expect(rank).toBeDefined();
    process.kill(rank!.pid, 'SIGKILL');
    const done = await waitForJob(h.hub, h.store, jobId);
    console.log(`killed rank ${rank!.pid}: ${done.state}: ${done.error}`);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(
      /^the PyTorch runner \(torchrun, 2 process\(es\)\) exited with code 1 after step \d+: rank \d was killed \(Signal 9 \(SIGKILL\)/,
    );
    const newest = Number(/the newest checkpoint is step (\d+)$/.exec(done.error ?? '')?.[1]);
    expect(newest).toBeGreaterThanOrEqual(4);
    const base = join(checkpoints, `step-${String(newest).padStart(8, '0')}`);
    const sidecar = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as { sha256: string; step: number };
    expect(sidecar.step).toBe(newest);
    expect(
      createHash('sha256')
        .update(readFileSync(`${base}.safetensors`))
        .digest('hex'),
    ).toBe(sidecar.sha256);
    await until('no torchrun or rank left', () => processesWith(checkpoints).length === 0, 10_000);
  });
});
