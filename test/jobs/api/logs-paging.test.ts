import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import type { HandlerContext } from '../../../src/jobs/api/context';
import { openStore, type Store } from '../../../src/store';
import { recordingContext } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';

describe('jobs.logs pages through a long log', () => {
  let home: ReturnType<typeof tempDir>;
  let store: Store;
  let ctx: HandlerContext;
  let jobId: string;

  beforeAll(() => {
    home = tempDir();
    store = openStore(home.path);
    ctx = recordingContext(store);
    jobId = store.jobs.create({ kind: 'count', payload: {} }).id;
    for (let i = 0; i < 1234; i++) store.jobs.log(jobId, 'info', `line ${i}`);
  });
  afterAll(() => {
    store.close();
    home.cleanup();
  });

  const page = async (request: object) => {
    const result = await dispatch(handlers, ctx, 'jobs.logs', { jobId, ...request }, () => {});
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { line: string }[]).map((l) => l.line);
  };

  it('gives the newest lines oldest first, then the pages before them by offset, down to the first line', async () => {
    expect(await page({ limit: 3 })).toEqual(['line 1231', 'line 1232', 'line 1233']);
    expect(await page({ limit: 3, offset: 3 })).toEqual(['line 1228', 'line 1229', 'line 1230']);
    const all: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const lines = await page({ limit: 500, offset });
      all.unshift(...lines);
      if (lines.length < 500) break;
    }
    expect(all).toEqual(Array.from({ length: 1234 }, (_, i) => `line ${i}`));
    expect(await page({ limit: 10, offset: 5000 })).toEqual([]);
    expect((await page({})).length).toBe(500);
  });

  it('rejects a negative offset, naming it', async () => {
    const result = await dispatch(handlers, ctx, 'jobs.logs', { jobId, offset: -1 }, () => {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.error.issues)).toContain('offset');
  });
});
