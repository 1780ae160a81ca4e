import { openStore, type Store } from '../../../src/store';
import { downsample } from '../../../src/store/repos/runs';
import { tempDir } from '../../helpers/tmp';
import { NEW_RUN } from '../fixtures';

describe('RunRepo', () => {
  let home: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    home = tempDir();
    store = openStore(home.path);
  });
  afterEach(() => {
    store.close();
    home.cleanup();
  });

  it('a metric step written twice (resume) is stored once with the last value', () => {
    const run = store.runs.create({ ...NEW_RUN, config: { a: 1 } });
    store.runs.addMetrics(run.id, [
      { name: 'loss', step: 1, value: 3 },
      { name: 'loss', step: 2, value: 2 },
    ]);
    store.runs.addMetrics(run.id, [{ name: 'loss', step: 2, value: 1.5 }]);
    expect(store.runs.metrics(run.id, undefined, 100)).toEqual([
      {
        name: 'loss',
        points: [
          { step: 1, value: 3 },
          { step: 2, value: 1.5 },
        ],
      },
    ]);
  });

  it('reads one metric at a step and its newest point', () => {
    const run = store.runs.create(NEW_RUN);
    store.runs.addMetrics(run.id, [
      { name: 'audio_hours', step: 5, value: 0.5 },
      { name: 'audio_hours', step: 10, value: 1.25 },
      { name: 'loss', step: 12, value: 7 },
    ]);
    expect(store.runs.metricAt(run.id, 'audio_hours', 5)).toBe(0.5);
    expect(store.runs.metricAt(run.id, 'audio_hours', 6)).toBeUndefined();
    expect(store.runs.lastMetric(run.id, 'audio_hours')).toEqual({ step: 10, value: 1.25 });
    expect(store.runs.lastMetric(run.id, 'sparsity')).toBeUndefined();
  });

  it('deleting a run cascades to metrics and artifacts', () => {
    const run = store.runs.create(NEW_RUN);
    store.runs.addMetrics(run.id, [{ name: 'loss', step: 1, value: 3 }]);
    store.runs.addArtifact({ runId: run.id, kind: 'checkpoint', path: '/x', bytes: 1, sha256: 'aa' });
    store.runs.delete(run.id);
    expect(
      store.db.prepare('SELECT (SELECT COUNT(*) FROM metrics) + (SELECT COUNT(*) FROM artifacts) AS n').get(),
    ).toEqual({ n: 0 });
  });
});

describe('downsample', () => {
  it('keeps first and last and evenly spaced points in between', () => {
    const points = Array.from({ length: 101 }, (_, i) => i);
    expect(downsample(points, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(downsample(points, 200)).toBe(points);
  });
});
