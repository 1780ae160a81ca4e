import { createAppContext, type AppContext } from '../../../src/jobs/app-context';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import { recordingJobs } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';
import { storeTinyCorpus } from './tiny-corpus';

describe('run configs through the real job kinds', () => {
  const dir = tempDir();
  let app: AppContext;
  let queued: { kind: string; payload?: Record<string, unknown> }[];
  beforeAll(async () => {
    app = await createAppContext({
      home: dir.path,
      mode: 'test',
      backend: 'cpu',
      jobs: (store) => {
        const jobs = recordingJobs(store);
        queued = jobs.queued as typeof queued;
        return jobs;
      },
    });
  });
  afterAll(async () => {
    await app.close();
    dir.cleanup();
  });
  const call = async (channel: string, payload: unknown) =>
    dispatch(handlers, app.ctx, channel, payload, () => {});

  it('validates each run kind with its job schema, naming the bad field', async () => {
    const ok = (await call('runs.validate', { kind: 'dense', config: { preset: 'tiny', steps: 5 } })) as {
      value: { ok: boolean; normalized: Record<string, unknown> };
    };
    expect(ok.value.ok).toBe(true);
    expect(ok.value.normalized).toMatchObject({ preset: 'tiny', steps: 5, batchFrames: 6000 });
    const cases: [string, Record<string, unknown>, string][] = [
      ['dense', { preset: 'tiny', model: { heads: 5 } }, 'config.model.heads'],
      ['dense-small', { targetParams: -3 }, 'config.targetParams'],
      ['lsp', { method: 'lsp-imp', sparsity: 0.5 }, 'config.language'],
      ['lap', { method: 'lap', sparsity: 2 }, 'config.sparsity'],
      ['pathways', { method: 'pathways-dynamic', dynamic: { score: 'magnitude' } }, 'config.dynamic.score'],
      ['pathways', { method: 'pathways', stepz: 1 }, 'config'],
    ];
    for (const [kind, config, path] of cases) {
      const result = (await call('runs.validate', { kind, config })) as {
        value: { ok: boolean; issues: { path: string }[] };
      };
      expect(result.value.ok, `${kind} ${JSON.stringify(config)}`).toBe(false);
      expect(result.value.issues.map((i) => i.path)).toContain(path);
    }
  });

  it('queues the whole reproduce graph: every config the handler writes passes its kind', async () => {
    const datasetId = storeTinyCorpus(app.store, dir.path);
    const result = (await call('runs.reproduce', {
      datasetIds: [datasetId],
      seeds: [1],
      preset: 'tiny',
    })) as {
      ok: boolean;
      value: { runIds: string[]; jobIds: string[] };
    };
    expect(result.ok).toBe(true);
    // dense start, dense + F, lap (IMP), lap one-shot, lsp en, lsp fr, lsp-adaptive en and fr, fixed, random,
    // dynamic pathways, dense small, and the compute-matched dense and lap: each with its evaluation
    expect(result.value.runIds).toHaveLength(14);
    const kinds = queued.map((j) => j.kind);
    expect(kinds.filter((k) => k === 'eval')).toHaveLength(14);
    expect(kinds.filter((k) => k === 'train')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'prune')).toHaveLength(7);
    expect(kinds.filter((k) => k === 'pathways')).toHaveLength(3);
  });
});
