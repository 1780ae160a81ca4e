import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitForJob } from '../../../src/jobs/wait';
import { startHarness, type Harness } from '../harness';

const espeak = spawnSync('espeak-ng', ['--version']);

describe('demo-corpus job', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.cleanup());

  it.skipIf(espeak.error !== undefined)(
    'builds the corpus under <home>/corpora/demo-<seed> and imports it',
    async () => {
      h = startHarness();
      const job = h.supervisor.enqueue({ kind: 'demo-corpus', payload: { seed: 3, hours: 0.02 } });
      const done = await waitForJob(h.hub, h.store, job.id);
      expect(done.state, done.error ?? '').toBe('succeeded');
      const dataset = h.store.datasets.get(done.datasetId!)!;
      expect(dataset.root).toBe(join(h.home, 'corpora', 'demo-3', 'manifest.jsonl'));
      expect(existsSync(dataset.root)).toBe(true);
      expect(dataset.languages.map((l) => l.language).sort()).toEqual(['en', 'fr', 'it', 'nl']);
      expect(dataset.problems).toBe(0);
      expect(dataset.splits.some((s) => s.split === 'test')).toBe(true);
      expect(h.store.jobs.logs(job.id, 10).some((l) => /^built \d+ utterances/.test(l.line))).toBe(true);
    },
  );
});
if (espeak.error) console.log('demo-corpus job test skipped: espeak-ng is not installed');
