import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetConfig } from '../../../src/engine';
import { createAppContext, type AppContext } from '../../../src/jobs/app-context';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import { datasetSnapshot } from '../../../src/jobs/api/run-config';
import { DEFAULT_SPARSITY, REPRODUCE_SYSTEMS, type Run } from '../../../src/shared/api';
import type { NewJob } from '../../../src/store';
import { recordingJobs } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';
import { storeTinyCorpus } from '../kinds/tiny-corpus';

type Result = {
  ok: boolean;
  value: {
    groupId: string;
    runIds: string[];
    budgets: Record<string, number>;
    systems?: { system: string; computeMatched: boolean; runsPerSeed: number; steps: number }[];
  };
  error?: { message: string; issues?: { path: string; message: string }[] };
};

describe('runs.reproduce graph', () => {
  const dir = tempDir();
  let app: AppContext;
  let queued: NewJob[];
  let datasetId: string;
  beforeAll(async () => {
    app = await createAppContext({
      home: dir.path,
      mode: 'test',
      backend: 'cpu',
      jobs: (store) => {
        const jobs = recordingJobs(store);
        queued = jobs.queued;
        return jobs;
      },
    });
    datasetId = storeTinyCorpus(app.store, join(dir.path, 'corpus'));
  });
  afterAll(async () => {
    await app.close();
    dir.cleanup();
  });
  beforeEach(() => queued.splice(0));
  const call = async (payload: unknown) =>
    (await dispatch(handlers, app.ctx, 'runs.reproduce', payload, () => {})) as Result;
  const runsOf = (ids: string[]) => ids.map((id) => app.store.runs.get(id)!);
  const parents = (r: Run) => r.config.parentRunIds as string[];
  const payloadOf = (r: Run) =>
    queued.find((j) => j.runId === r.id && j.kind !== 'eval')!.payload as Record<string, unknown>;

  it('gives every system its budget: D, F, r × s per LSP, compute-matched F + the LSP steps', async () => {
    const result = await call({
      datasetIds: [datasetId],
      seeds: [1, 2],
      preset: 'tiny',
      scale: 'smoke',
      budgets: { denseSteps: 30, finetuneSteps: 7, lspRounds: 3, lspStepsPerRound: 2, lspFinalSteps: 1 },
    });
    expect(result.ok).toBe(true);
    // F + 2 languages × (3 × 2 + 1)
    expect(result.value.budgets).toMatchObject({
      denseSteps: 30,
      finetuneSteps: 7,
      matchedSteps: 21,
    });
    const runs = runsOf(result.value.runIds);
    expect(runs).toHaveLength(28);
    for (const seed of [1, 2]) {
      const own = runs.filter((r) => r.seed === seed);
      const one = (system: string, matched = false) => {
        const found = own.filter(
          (r) => r.config.system === system && (r.config.computeMatched === true) === matched,
        );
        expect(found, system).toHaveLength(1);
        return found[0];
      };
      const start = one('dense-start');
      expect(payloadOf(start).steps).toBe(30);
      expect(parents(start)).toEqual([]);
      for (const system of ['dense', 'lap-one-shot', 'pathways-random']) {
        expect(payloadOf(one(system)).steps, system).toBe(7);
        expect(parents(one(system)), system).toEqual([start.id]);
      }
      expect(payloadOf(one('lap-one-shot'))).toMatchObject({ method: 'lap', lapMethod: 'one-shot' });
      // LAP is found like LSP: the same IMP rounds and final training, on all languages, from the dense start
      expect(payloadOf(one('lap'))).toMatchObject({
        method: 'lap',
        lapMethod: 'imp',
        rounds: 3,
        stepsPerRound: 2,
        finalSteps: 1,
        steps: 7,
      });
      expect(payloadOf(one('lap'))).not.toHaveProperty('language');
      expect(parents(one('lap'))).toEqual([start.id]);
      const lsp = own.filter((r) => r.config.system === 'lsp');
      expect(lsp.map((r) => payloadOf(r).language).sort()).toEqual(['en', 'fr']);
      for (const r of lsp)
        expect(payloadOf(r)).toMatchObject({ rounds: 3, stepsPerRound: 2, finalSteps: 1, steps: 7 });
      expect(parents(one('pathways')).sort()).toEqual(lsp.map((r) => r.id).sort());
      expect(payloadOf(one('pathways')).steps).toBe(7);
      // the second paper's recommended dynamic variant: the LSP runs' round-1 masks, adapted to the target
      expect(parents(one('pathways-dynamic')).sort()).toEqual(lsp.map((r) => r.id).sort());
      expect(payloadOf(one('pathways-dynamic'))).toMatchObject({ steps: 7, dynamic: { init: 'lsp-middle' } });
      // and its monolingual variant beside LSP, on the LSP budget
      const adaptive = own.filter((r) => r.config.system === 'lsp-adaptive');
      expect(adaptive.map((r) => payloadOf(r).language).sort()).toEqual(['en', 'fr']);
      for (const r of adaptive) {
        expect(payloadOf(r)).toMatchObject({ method: 'lsp-adaptive', steps: 7 });
        expect(parents(r)).toEqual([start.id]);
      }
      expect(payloadOf(one('dense-small')).steps).toBe(37);
      expect(payloadOf(one('dense', true)).steps).toBe(21);
      // compute-matched LAP spends its 21 steps the same way: 3 rounds of 6 steps (2 × 21/7) and 3 final steps
      expect(payloadOf(one('lap', true))).toMatchObject({
        steps: 21,
        lapMethod: 'imp',
        rounds: 3,
        stepsPerRound: 6,
        finalSteps: 3,
      });
    }
    // every run is evaluated after its own job, on at most the smoke scale's 8 utterances per language
    for (const r of runs) {
      const evaluation = queued.find((j) => j.runId === r.id && j.kind === 'eval')!;
      expect(evaluation.payload).toEqual({ maxUtterances: 8 });
      const own = app.store.db
        .prepare(`SELECT id FROM jobs WHERE run_id = ? AND kind != 'eval'`)
        .all(r.id) as { id: string }[];
      expect(evaluation.dependsOn).toEqual(own.map((j) => j.id));
    }
  });

  it("queues exactly the runs of every row of the systems table, each after the same seed's runs of its parent", async () => {
    const b = { denseSteps: 30, finetuneSteps: 7, lspRounds: 3, lspStepsPerRound: 2, lspFinalSteps: 1 };
    const result = await call({
      datasetIds: [datasetId],
      seeds: [1, 2],
      preset: 'tiny',
      scale: 'smoke',
      budgets: b,
    });
    expect(result.ok).toBe(true);
    const runs = runsOf(result.value.runIds);
    const languages = ['en', 'fr'];
    const lsp = b.lspRounds * b.lspStepsPerRound + b.lspFinalSteps;
    const stepsOf: Record<string, number> = {
      dense: b.denseSteps,
      finetune: b.finetuneSteps,
      lsp,
      'dense+finetune': b.denseSteps + b.finetuneSteps,
      matched: b.finetuneSteps + languages.length * lsp,
    };
    const rowOf = (r: Run) => ({ system: r.config.system, matched: r.config.computeMatched === true });
    let counted = 0;
    for (const spec of REPRODUCE_SYSTEMS) {
      for (const seed of [1, 2]) {
        const mine = runs.filter(
          (r) =>
            r.seed === seed &&
            r.config.system === spec.system &&
            (r.config.computeMatched === true) === spec.computeMatched,
        );
        expect(mine.length, `${spec.system} seed ${seed}`).toBe(spec.perLanguage ? languages.length : 1);
        if (spec.perLanguage) expect(mine.map((r) => r.config.language).sort()).toEqual(languages);
        const parentIds = spec.parent
          ? runs
              .filter(
                (r) => r.seed === seed && r.config.system === spec.parent && r.config.computeMatched !== true,
              )
              .map((r) => r.id)
          : [];
        if (spec.parent) expect(parentIds.length, spec.parent).toBeGreaterThan(0);
        for (const r of mine) {
          counted++;
          expect(r.kind).toBe(spec.runKind);
          expect(parents(r).sort()).toEqual([...parentIds].sort());
          expect(payloadOf(r)).toMatchObject({ ...spec.config, steps: stepsOf[spec.budget] });
          if (spec.sparse) expect(payloadOf(r).sparsity, spec.system).toBe(DEFAULT_SPARSITY);
          else expect(payloadOf(r), spec.system).not.toHaveProperty('sparsity');
          if (spec.maskSource.startsWith('imp')) {
            const p = payloadOf(r) as { rounds: number; stepsPerRound: number; finalSteps: number };
            expect(p.rounds, spec.system).toBe(b.lspRounds);
            expect(p.rounds * p.stepsPerRound + p.finalSteps, spec.system).toBe(stepsOf[spec.budget]);
          }
        }
      }
    }
    // nothing outside the table
    expect(counted).toBe(runs.length);
    expect(new Set(runs.map((r) => JSON.stringify(rowOf(r)))).size).toBe(REPRODUCE_SYSTEMS.length);
    // the response lists the same systems for the CLI
    expect(result.value.systems!.map((s) => [s.system, s.computeMatched, s.runsPerSeed, s.steps])).toEqual(
      REPRODUCE_SYSTEMS.map((s) => [s.system, s.computeMatched, s.perLanguage ? 2 : 1, stepsOf[s.budget]]),
    );
  });

  it('gives every system of the graph the shared config: one sampling scheme for all', async () => {
    const result = await call({
      datasetIds: [datasetId],
      seeds: [1],
      preset: 'tiny',
      scale: 'smoke',
      config: { sampling: { scheme: 'uniform' } },
    });
    expect(result.ok).toBe(true);
    const runs = runsOf(result.value.runIds);
    expect(new Set(runs.map((r) => r.config.system))).toEqual(
      new Set(REPRODUCE_SYSTEMS.map((s) => s.system)),
    );
    for (const r of runs)
      expect(payloadOf(r).sampling, String(r.config.system)).toMatchObject({ scheme: 'uniform' });
    for (const r of runs) expect(r.config.sampling).toMatchObject({ scheme: 'uniform' });
  });

  it("gives the paper's word pieces to the runs trained from scratch; the others inherit them; a dry run queues nothing", async () => {
    const tokenizer = { kind: 'bpe', vocabSizePerLanguage: 16 };
    const request = { datasetIds: [datasetId], seeds: [1], preset: 'tiny', scale: 'smoke', tokenizer };
    const before = app.store.runs.list().length;
    const dry = await call({ ...request, dryRun: true });
    expect(dry.ok).toBe(true);
    expect(dry.value).toMatchObject({
      groupId: '',
      runIds: [],
      jobIds: [],
      preset: 'tiny',
      languages: ['en', 'fr'],
    });
    expect(queued).toEqual([]);
    expect(app.store.runs.list().length).toBe(before);
    const result = await call(request);
    for (const r of runsOf(result.value.runIds)) {
      const fromScratch = r.config.system === 'dense-start' || r.config.system === 'dense-small';
      if (fromScratch) expect(payloadOf(r).tokenizer, String(r.config.system)).toEqual(tokenizer);
      // a fine-tuned run keeps its parent's tokenizer at run time, whatever its config's default says
      else expect(r.config.tokenizer, String(r.config.system)).not.toEqual(tokenizer);
    }
  });

  it.each([
    [{ steps: 5 }, 'config.steps'],
    [{ preset: 'demo' }, 'config.preset'],
    [{ dynamic: { init: 'lsp' } }, 'config.dynamic.init'],
  ])(
    'refuses a shared config %j that sets a field of the graph, naming it, before queueing anything',
    async (config, path) => {
      const before = app.store.runs.list().length;
      const result = await call({ datasetIds: [datasetId], seeds: [1], preset: 'tiny', config });
      expect(result.ok).toBe(false);
      expect(result.error!.issues?.map((i) => i.path)).toEqual([path]);
      expect(queued).toEqual([]);
      expect(app.store.runs.list().length).toBe(before);
    },
  );

  it("refuses a shared config that one system's kind does not take, before queueing anything", async () => {
    const before = app.store.runs.list().length;
    const result = await call({
      datasetIds: [datasetId],
      seeds: [1],
      preset: 'tiny',
      config: { tokenizer: { kind: 'char' } },
    });
    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/the lap runs of the reproduction would have an invalid config/);
    expect(queued).toEqual([]);
    expect(app.store.runs.list().length).toBe(before);
  });

  it('leaves out the compute-matched rows when asked', async () => {
    const result = await call({ datasetIds: [datasetId], seeds: [1], preset: 'tiny', computeMatched: false });
    expect(runsOf(result.value.runIds).some((r) => r.config.computeMatched === true)).toBe(false);
    expect(result.value.runIds).toHaveLength(12);
  });

  describe('--from-run', () => {
    /** A dense run as a finished training leaves it: model (with its config sidecar), tokenizer and CMVN. */
    function finishedDense(
      options: { kind?: string; state?: string; datasets?: string[]; preset?: 'tiny' | 'demo' } = {},
    ) {
      const run = app.store.runs.create({
        name: 'trained',
        kind: options.kind ?? 'dense',
        seed: 4,
        config: {
          preset: options.preset ?? 'tiny',
          datasetSnapshot: datasetSnapshot(app.store, [datasetId]),
        },
        datasetIds: options.datasets ?? [datasetId],
        appVersion: 't',
      });
      app.store.runs.update(run.id, { state: options.state ?? 'succeeded' });
      const folder = join(dir.path, 'reused', run.id);
      mkdirSync(folder, { recursive: true });
      const files = {
        model: join(folder, 'model.safetensors'),
        tokenizer: join(folder, 'tokenizer.json'),
        cmvn: join(folder, 'cmvn.json'),
      };
      writeFileSync(
        join(folder, 'model.json'),
        JSON.stringify({ step: 40, config: presetConfig(options.preset ?? 'tiny', { vocabSize: 31 }) }),
      );
      for (const [kind, path] of Object.entries(files)) {
        writeFileSync(path, kind);
        app.store.runs.addArtifact({
          runId: run.id,
          kind,
          path,
          bytes: 1,
          sha256: createHash('sha256').update(kind).digest('hex'),
        });
      }
      return run.id;
    }

    it('starts every seed from the reused run: no dense is trained, small dense matches its size and steps', async () => {
      const reused = finishedDense();
      const result = await call({
        datasetIds: [datasetId],
        seeds: [1, 2],
        scale: 'smoke',
        fromRunId: reused,
      });
      expect(result.ok).toBe(true);
      const runs = runsOf(result.value.runIds);
      expect(runs.filter((r) => r.config.system === 'dense-start')).toEqual([]);
      expect(result.value.runIds).toContain(reused);
      expect(app.store.runs.get(reused)!.tags).toContain(`group:${result.value.groupId}`);
      for (const r of runs.filter((x) =>
        ['dense', 'lap', 'lap-one-shot', 'lsp', 'pathways-random'].includes(String(x.config.system)),
      ))
        expect(parents(r)).toEqual([reused]);
      const small = runs.filter((r) => r.config.system === 'dense-small');
      expect(small).toHaveLength(2);
      const size = presetConfig('tiny', { vocabSize: 31 });
      const { parameterCount } = await import('../../../src/engine');
      for (const r of small)
        expect(payloadOf(r)).toMatchObject({
          preset: 'tiny',
          steps: 40 + 6,
          targetParams: Math.round(parameterCount(size) * 0.3),
        });
      // every LSP run re-trains its last mask (IMP ends with a pruning): the scale's final steps
      for (const r of runs.filter((x) => x.config.system === 'lsp'))
        expect(payloadOf(r)).toMatchObject({ rounds: 2, stepsPerRound: 2, finalSteps: 2 });
      // the reused run is evaluated too, and nothing trains it again
      expect(queued.filter((j) => j.runId === reused).map((j) => j.kind)).toEqual(['eval']);
    });

    it.each([
      ['a run of another kind', { kind: 'dense-small' }, /is a dense-small run/],
      ['an unfinished run', { state: 'running' }, /has not finished \(state 'running'\)/],
      [
        'another preset',
        { preset: 'demo' as const },
        /not preset 'tiny' \(subsamplingChannels is 64, the preset has 8\)/,
      ],
    ])('rejects %s before queueing anything, with the reason', async (_, options, reason) => {
      const reused = finishedDense(options);
      const before = app.store.runs.list().length;
      const result = await call({ datasetIds: [datasetId], preset: 'tiny', fromRunId: reused });
      expect(result.ok).toBe(false);
      expect(result.error!.message).toMatch(reason);
      expect(queued).toEqual([]);
      expect(app.store.runs.list().length).toBe(before);
    });

    it('rejects a run trained on other datasets, and a missing run', async () => {
      const other = storeTinyCorpus(app.store, join(dir.path, 'corpus2'));
      const reused = finishedDense({ datasets: [other] });
      const result = await call({ datasetIds: [datasetId], fromRunId: reused });
      expect(result.error!.message).toMatch(/was trained on datasets/);
      const missing = await call({ datasetIds: [datasetId], fromRunId: 'run_nope' });
      expect(missing.error!.message).toMatch(/run_nope: no such run/);
      expect(queued).toEqual([]);
    });
  });
});
