import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import type { HandlerContext } from '../../../src/jobs/api/context';
import { FIRST_RUN_BUDGETS, firstRunStartDir } from '../../../src/jobs/recipes/first-run';
import { loadRunModel } from '../../../src/jobs/recipes/run-model';
import { waitForJob } from '../../../src/jobs/wait';
import { readSafetensorsFile } from '../../../src/engine';
import type { ApiResult, ChannelName, ResponseOf } from '../../../src/shared/api';
import { writeTinyCorpus } from '../../e2e/tiny-corpus';
import { useTestBackend } from '../../helpers/backend';
import { recordingContext } from '../../helpers/recording-jobs';
import { startHarness, type Harness } from '../harness';

const espeak = spawnSync('espeak-ng', ['--version']);
const shipped = firstRunStartDir();
const skip =
  espeak.error !== undefined
    ? 'espeak-ng is not installed (the first run needs the demo corpus)'
    : !existsSync(join(shipped, 'manifest.json'))
      ? `${shipped} holds no dense start (npx tsx scripts/first-run-start.ts writes it)`
      : null;
if (skip) console.warn(`first-run test skipped: ${skip}`);

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.skipIf(skip !== null)('the first run from the shipped dense start', () => {
  let h: Harness;
  let ctx: HandlerContext;
  let demoId: string;
  const call = async <C extends ChannelName>(channel: C, request: object) =>
    (await dispatch(handlers, ctx, channel, request, () => {})) as ApiResult<ResponseOf<C>>;

  beforeAll(async () => {
    await useTestBackend();
    h = startHarness({ env: {} });
    // the demo corpus exactly as `npm run demo` builds it
    const job = h.supervisor.enqueue({ kind: 'demo-corpus', payload: { seed: 1, hours: 0.5 } });
    const done = await waitForJob(h.hub, h.store, job.id);
    if (done.state !== 'succeeded') throw new Error(done.error ?? done.state);
    demoId = done.datasetId!;
    ctx = recordingContext(h.store);
  }, 240_000);
  afterAll(() => h?.cleanup());

  it('finds the demo corpus the start was trained on, and refuses another dataset naming why', async () => {
    const info = await call('runs.firstRunInfo', {});
    expect(info).toMatchObject({ ok: true, value: { datasetId: demoId, start: 'shipped', groupId: null } });
    const tiny = writeTinyCorpus(h.home);
    const imported = h.supervisor.enqueue({ kind: 'import', payload: { path: tiny.path } });
    const other = (await waitForJob(h.hub, h.store, imported.id)).datasetId!;
    const refused = await call('runs.firstRun', { datasetId: other });
    expect(!refused.ok && refused.error.message).toMatch(
      /^datasetId: the first run starts from a dense model trained on demo corpus \(seed 1\) \(0\.5 h, 821 utterances.*this dataset's 6 utterances are not that corpus/,
    );
  });

  it('installs the start as a finished dense run of the demo corpus and queues the short workflow from it', async () => {
    // the jobs this test queues are only recorded: no supervisor takes them
    await h.supervisor.close();
    const queued = await call('runs.firstRun', { datasetId: demoId });
    if (!queued.ok) throw new Error(queued.error.message);
    const graph = queued.value;
    const start = h.store.runs.list().find((r) => r.tags.includes('first-run-start'))!;
    expect(start).toMatchObject({ kind: 'dense', state: 'succeeded', datasetIds: [demoId] });
    // its artifacts are the shipped files, byte for byte, and load as a model
    const artifacts = Object.fromEntries(h.store.runs.artifacts(start.id).map((a) => [a.kind, a]));
    expect(artifacts.model.sha256).toBe(sha(join(shipped, 'model.safetensors')));
    expect(artifacts.tokenizer.sha256).toBe(sha(join(shipped, 'tokenizer.json')));
    const model = await loadRunModel(h.store, start.id);
    const file = readSafetensorsFile(join(shipped, 'model.safetensors'));
    const [name, tensor] = [...file.tensors].find(([n]) => n.startsWith('model.'))!;
    const loaded = model.params.get(name.slice('model.'.length))!;
    expect(Array.from(loaded.dataSync())).toEqual(Array.from(tensor.data));
    // the graph: Dense + F, LAP, LSP per language, pathways, each evaluated, the start evaluated too
    expect(graph.systems!.map((s) => [s.system, s.runsPerSeed, s.steps])).toEqual([
      ['dense', 1, FIRST_RUN_BUDGETS.finetuneSteps],
      ['lap', 1, 60],
      ['lsp', 4, 60],
      ['pathways', 1, FIRST_RUN_BUDGETS.finetuneSteps],
    ]);
    const evals = (ctx.jobs as unknown as { queued: { kind: string; runId?: string }[] }).queued.filter(
      (j) => j.kind === 'eval',
    );
    expect(evals.length).toBe(8);
    expect(evals.some((j) => j.runId === start.id)).toBe(true);
    const again = await call('runs.firstRunInfo', {});
    expect(again.ok && again.value.groupId).toBe(graph.groupId);
    // a second first run reuses the installed start
    const second = await call('runs.firstRun', { datasetId: demoId });
    expect(second.ok).toBe(true);
    expect(h.store.runs.list().filter((r) => r.tags.includes('first-run-start')).length).toBe(1);
  });
});
