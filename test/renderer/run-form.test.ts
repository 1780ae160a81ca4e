// @vitest-environment happy-dom
import { channels } from '../../src/shared/api';
import {
  createRequest,
  defaultRunForm,
  issuesByField,
  METHODS,
  runKind,
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

  it('builds a runs.create request the contract schema accepts, with the mask source as parent', () => {
    const form = {
      ...defaultRunForm(),
      datasetIds: ['d1'],
      languages: ['de', 'fr'],
      sparsity: { de: 0.8 },
      maskSourceRunId: 'lsp1',
    };
    const request = createRequest(form);
    expect(runKind('lsp-lth')).toBe('lsp');
    expect(runKind('pathways-dynamic')).toBe('pathways');
    expect(request.kind).toBe('pathways');
    expect(request.parentRunIds).toEqual(['lsp1']);
    expect(request.config).toMatchObject({ method: 'pathways', sparsity: 0.75 });
    expect(channels['runs.create'].request.safeParse(request).success).toBe(true);
    const dense = createRequest({ ...form, method: 'dense' });
    expect(dense.config).not.toHaveProperty('sparsity');
    expect(dense.parentRunIds).toEqual([]);
  });

  it('describes every method in the schema the worker validates with', () => {
    const form = { ...defaultRunForm(), datasetIds: ['d1'], languages: ['fr', 'de'], sparsity: { fr: 0.6 } };
    const schemas = { dense: TrainPayloadSchema, lsp: PrunePayloadSchema, lap: PrunePayloadSchema };
    for (const { value } of METHODS) {
      const request = createRequest({ ...form, method: value });
      const schema =
        request.kind === 'pathways'
          ? PathwaysPayloadSchema
          : (schemas[request.kind as keyof typeof schemas] ?? TrainPayloadSchema);
      const parsed = schema.safeParse(request.config);
      expect(parsed.error?.issues ?? [], value).toEqual([]);
    }
    expect(createRequest({ ...form, method: 'lsp-imp' }).config).toMatchObject({
      language: 'fr',
      sparsity: 0.6,
    });
  });
});
