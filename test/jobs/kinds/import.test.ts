import { waitForJob } from '../../../src/jobs/wait';
import { tempDir } from '../../helpers/tmp';
import { writeSmallCorpus } from '../fixtures/corpus';
import { startHarness, type Harness } from '../harness';

describe('import job', () => {
  let h: Harness | undefined;
  const corpus = tempDir('pathways-corpus-');
  afterEach(async () => h?.cleanup());
  afterAll(() => corpus.cleanup());

  it('imports in a worker, stores utterances and per-item problems, and re-imports idempotently', async () => {
    h = startHarness();
    const manifest = writeSmallCorpus(corpus.path);
    const changes: string[] = [];
    h.hub.subscribe((event, payload) => {
      if (event === 'dataset.changed') changes.push((payload as { change: string }).change);
    });
    const first = await waitForJob(
      h.hub,
      h.store,
      h.supervisor.enqueue({ kind: 'import', payload: { path: manifest } }).id,
    );
    expect(first.state).toBe('succeeded');
    expect(first.datasetId).toMatch(/^ds_/);
    const dataset = h.store.datasets.get(first.datasetId!)!;
    expect(dataset.format).toBe('jsonl');
    expect(dataset.utterances).toBe(3);
    expect(dataset.hours).toBeCloseTo(4.5 / 3600, 6);
    expect(dataset.languages.map((l) => [l.language, l.utterances]).sort()).toEqual([
      ['en', 1],
      ['fr', 2],
    ]);
    const problems = h.store.datasets.problems(dataset.id, { limit: 10, offset: 0 });
    expect(problems.items.map((p) => [p.kind, p.line]).sort()).toEqual([
      ['malformed_row', 5],
      ['missing_file', 4],
    ]);
    expect(dataset.characters.fr['é']).toBe(2);

    const second = await waitForJob(
      h.hub,
      h.store,
      h.supervisor.enqueue({ kind: 'import', payload: { path: manifest } }).id,
    );
    expect(second.datasetId).toBe(first.datasetId);
    expect(h.store.datasets.list()).toHaveLength(1);
    expect(h.store.datasets.get(first.datasetId!)!.utterances).toBe(3);
    expect(changes).toEqual(['created', 'updated']);
  });

  it('fails with the reason when the path holds no recognisable corpus', async () => {
    h = startHarness();
    const empty = tempDir('pathways-empty-');
    try {
      const job = await waitForJob(
        h.hub,
        h.store,
        h.supervisor.enqueue({ kind: 'import', payload: { path: empty.path } }).id,
      );
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/cannot tell the corpus layout/);
    } finally {
      empty.cleanup();
    }
  });
});
