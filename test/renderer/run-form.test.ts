// @vitest-environment happy-dom
import { channels, METHOD_RUN_KIND } from '../../src/shared/api';
import {
  createRequests,
  defaultRunForm,
  issuesByField,
  issuesOfRun,
  METHODS,
  missingChoices,
  parentRunIds,
  plannedRuns,
} from '../../src/renderer/lib/run-form';
import { TrainPayloadSchema } from '../../src/jobs/kinds/train-schema';
import { PrunePayloadSchema } from '../../src/jobs/kinds/prune-schema';
import { PathwaysPayloadSchema } from '../../src/jobs/kinds/pathways-schema';

describe('Pathways form', () => {
  it('puts every issue under the most specific field that owns its path', () => {
    const fields = ['schedule', 'schedule.peak', 'sparsity', 'sparsity.de', 'steps'];
    const { byField, other } = issuesByField(
      [
        { path: 'schedule.peak', message: 'must be positive' },
        { path: 'config.sparsity.de', message: 'must be below 1' },
        { path: 'sparsity.fr', message: 'unknown language' },
        { path: 'schedule', message: 'warm-up longer than the run' },
        { path: 'model.layers', message: 'too deep' },
        { path: '', message: 'bad config' },
      ],
      fields,
    );
    expect(byField).toEqual({
      'schedule.peak': ['must be positive'],
      'sparsity.de': ['must be below 1'],
      sparsity: ['unknown language'],
      schedule: ['warm-up longer than the run'],
    });
    expect(other).toEqual(['model.layers: too deep', 'bad config']);
  });

  it('builds runs.create requests the contract schema accepts, with one LSP mask source per language as parents', () => {
    const form = {
      ...defaultRunForm(),
      datasetIds: ['d1'],
      languages: ['de', 'fr'],
      sparsity: { de: 0.8 },
      maskSources: { de: 'lsp-de', fr: 'lsp-fr' },
    };
    expect(METHOD_RUN_KIND['lsp-lth']).toBe('lsp');
    expect(METHOD_RUN_KIND['pathways-dynamic']).toBe('pathways');
    const [request, ...more] = createRequests(form);
    expect(more).toEqual([]);
    expect(request.kind).toBe('pathways');
    expect(request.parentRunIds).toEqual(['lsp-de', 'lsp-fr']);
    expect(request.languages).toEqual(['de', 'fr']);
    expect(request.config).toMatchObject({ method: 'pathways', sparsity: 0.75 });
    expect(channels['runs.create'].request.safeParse(request).success).toBe(true);
    const [dense] = createRequests({ ...form, method: 'dense', parentRunId: 'ignored' });
    expect(dense.config).not.toHaveProperty('sparsity');
    expect(dense.parentRunIds).toEqual([]);
    expect(parentRunIds({ ...form, method: 'pathways-dynamic', lapSourceRunId: 'lap1' })).toEqual(['lap1']);
    expect(parentRunIds({ ...form, method: 'pathways-dynamic' })).toEqual(['lsp-de', 'lsp-fr']);
    expect(parentRunIds({ ...form, method: 'pathways-random', parentRunId: 'dense1' })).toEqual(['dense1']);
  });

  it('launches one LSP run per selected language, each with its own sparsity target and language', () => {
    const form = {
      ...defaultRunForm(),
      name: 'lsp',
      method: 'lsp-imp' as const,
      datasetIds: ['d1'],
      languages: ['de', 'fr'],
      sparsity: { de: 0.8, fr: 0.5 },
      parentRunId: 'dense1',
    };
    const requests = createRequests(form);
    expect(requests.map((r) => [r.name, r.languages, r.config?.language, r.config?.sparsity])).toEqual([
      ['lsp de', ['de'], 'de', 0.8],
      ['lsp fr', ['fr'], 'fr', 0.5],
    ]);
    expect(requests.every((r) => r.parentRunIds?.join() === 'dense1')).toBe(true);
    const [de, fr] = plannedRuns(form);
    expect(issuesOfRun(fr, [{ path: 'sparsity', message: 'too high' }])).toEqual([
      { path: 'sparsity.fr', message: 'too high' },
    ]);
    expect(issuesOfRun({ ...de, language: null }, [{ path: 'sparsity', message: 'x' }])[0].path).toBe(
      'sparsity',
    );
  });

  it("fine-tuning continues the parent's schedule by default; the form's schedule when chosen, and always from scratch", () => {
    const form = { ...defaultRunForm(), datasetIds: ['d1'], languages: ['de'], parentRunId: 'dense1' };
    const configOf = (f: typeof form) => plannedRuns(f)[0].config;
    for (const method of ['lap', 'lsp-imp', 'pathways'] as const) {
      expect(configOf({ ...form, method })).toMatchObject({ finetune: { schedule: 'continue' } });
      expect(configOf({ ...form, method })).not.toHaveProperty('schedule');
      expect(configOf({ ...form, method, lrSource: 'rewarm' })).toMatchObject({
        finetune: { schedule: 'rewarm' },
      });
      expect(configOf({ ...form, method, lrSource: 'form' })).toMatchObject({
        schedule: { kind: 'tri-stage' },
      });
    }
    expect(configOf({ ...form, method: 'dense' })).toMatchObject({ schedule: { kind: 'tri-stage' } });
    // the worker's schemas take every variant
    expect(PrunePayloadSchema.safeParse(configOf({ ...form, method: 'lap' })).success).toBe(true);
    expect(PathwaysPayloadSchema.safeParse(configOf({ ...form, method: 'pathways' })).success).toBe(true);
  });

  it('names what is missing before launch: the dense parent, each language’s LSP run, or a LAP run', () => {
    const form = { ...defaultRunForm(), datasetIds: ['d1'], languages: ['de', 'fr'] };
    expect(missingChoices({ ...form, method: 'dense' })).toEqual([]);
    expect(missingChoices({ ...form, datasetIds: [], languages: [], method: 'dense' })).toEqual([
      'pick at least one dataset',
      'pick at least one language',
    ]);
    expect(missingChoices({ ...form, method: 'lap' })).toEqual(['choose the dense run to start from']);
    expect(missingChoices({ ...form, method: 'pathways', maskSources: { de: 'a' } })).toEqual([
      'choose the LSP run whose mask fr uses',
    ]);
    expect(missingChoices({ ...form, method: 'pathways-dynamic' })).toEqual([
      'choose a LAP run, or an LSP run for de, fr',
    ]);
    expect(missingChoices({ ...form, method: 'pathways-dynamic', lapSourceRunId: 'lap' })).toEqual([]);
  });

  it('describes every method in the schema the worker validates with', () => {
    const form = { ...defaultRunForm(), datasetIds: ['d1'], languages: ['fr', 'de'], sparsity: { fr: 0.6 } };
    const schemas = { dense: TrainPayloadSchema, lsp: PrunePayloadSchema, lap: PrunePayloadSchema };
    for (const { value } of METHODS) {
      for (const request of createRequests({ ...form, method: value })) {
        const schema =
          request.kind === 'pathways'
            ? PathwaysPayloadSchema
            : (schemas[request.kind as keyof typeof schemas] ?? TrainPayloadSchema);
        const parsed = schema.safeParse(request.config);
        expect(parsed.error?.issues ?? [], value).toEqual([]);
      }
    }
    expect(createRequests({ ...form, method: 'lsp-imp' })[0].config).toMatchObject({
      language: 'fr',
      sparsity: 0.6,
    });
  });

  it('puts the PyTorch runner into dense and fixed-mask pathways runs only, as their payloads take it', () => {
    const form = {
      ...defaultRunForm(),
      datasetIds: ['d1'],
      languages: ['fr'],
      runner: 'torch' as const,
      nproc: 2,
    };
    const [dense] = createRequests({ ...form, method: 'dense' });
    expect(dense.config).toMatchObject({ runner: { kind: 'torch', nproc: 2, device: 'cpu' } });
    expect(TrainPayloadSchema.safeParse(dense.config).error?.issues ?? []).toEqual([]);
    const [random] = createRequests({ ...form, method: 'pathways-random', parentRunId: 'dense1' });
    expect(random.config).toMatchObject({ runner: { kind: 'torch', nproc: 2 } });
    expect(PathwaysPayloadSchema.safeParse(random.config).error?.issues ?? []).toEqual([]);
    expect(createRequests({ ...form, method: 'pathways-dynamic' })[0].config).not.toHaveProperty('runner');
    const [lap] = createRequests({ ...form, method: 'lap', parentRunId: 'dense1' });
    expect(lap.config).not.toHaveProperty('runner');
    expect(PrunePayloadSchema.safeParse({ ...lap.config, runner: { kind: 'torch' } }).error?.issues).toEqual([
      expect.objectContaining({
        path: ['runner'],
        message: expect.stringMatching(/PyTorch runner trains dense runs only/),
      }),
    ]);
    expect(createRequests({ ...form, method: 'dense', runner: 'engine' })[0].config).not.toHaveProperty(
      'runner',
    );
  });
});
