// @vitest-environment happy-dom
import { channels } from '../../src/shared/api';
import { createRequest, defaultRunForm, issuesByField, runKind } from '../../src/renderer/lib/run-form';

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
    expect(request.config).toMatchObject({
      method: 'pathways',
      maskSource: 'lsp1',
      sparsity: { de: 0.8, fr: 0.7 },
    });
    expect(channels['runs.create'].request.safeParse(request).success).toBe(true);
    const dense = createRequest({ ...form, method: 'dense' });
    expect(dense.config).not.toHaveProperty('sparsity');
    expect(dense.parentRunIds).toEqual([]);
  });
});
