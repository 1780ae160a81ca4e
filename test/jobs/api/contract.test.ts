import { CHANNEL_NAMES, channels } from '../../../src/shared/api';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import { openStore, type Store } from '../../../src/store';
import type { HandlerContext } from '../../../src/jobs/api/context';
import { recordingContext } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';

/** A payload that cannot satisfy any request schema of the contract (all of them are objects). */
const NOT_AN_OBJECT = 42;

describe('the handler table walks the whole contract', () => {
  let home: ReturnType<typeof tempDir>;
  let store: Store;
  let ctx: HandlerContext;
  const logged: string[] = [];

  beforeAll(() => {
    home = tempDir();
    store = openStore(home.path);
    ctx = recordingContext(store);
  });
  afterAll(() => {
    store.close();
    home.cleanup();
  });

  it('implements every channel and no other', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  for (const name of CHANNEL_NAMES) {
    it(`${name}: a payload failing its schema gives a typed invalid_request error and is logged`, async () => {
      const before = logged.length;
      const result = await dispatch(handlers, ctx, name, NOT_AN_OBJECT, (m) => logged.push(m));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_request');
        expect(result.error.issues?.length).toBeGreaterThan(0);
      }
      expect(logged.length).toBe(before + 1);
      expect(logged.at(-1)).toContain(name);
    });
  }

  it('rejects unknown fields on strict payloads, naming the field', async () => {
    const result = await dispatch(handlers, ctx, 'settings.set', { theme: 'dark', colour: 'red' }, () => {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!result.ok) expect(JSON.stringify(result.error.issues)).toContain('colour');
  });

  it('rejects an out-of-range value, naming the field', async () => {
    const result = await dispatch(handlers, ctx, 'settings.set', { concurrency: 0 }, () => {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.[0].path).toBe('concurrency');
  });

  it('answers unknown channels and missing records with typed errors, and keeps serving', async () => {
    expect(await dispatch(handlers, ctx, 'nope.nothing', {}, () => {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(
      await dispatch(handlers, ctx, 'datasets.get', { datasetId: 'ds_missing' }, () => {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const info = await dispatch(handlers, ctx, 'app.info', {}, () => {});
    expect(info.ok).toBe(true);
    if (info.ok)
      expect(channels['app.info'].response.parse(info.value)).toMatchObject({
        mode: 'test',
        home: store.layout.root,
      });
  });

  it('settings round-trip through the store', async () => {
    await dispatch(
      handlers,
      ctx,
      'settings.set',
      { theme: 'dark', concurrency: 3, uploadLimitMb: 512 },
      () => {},
    );
    expect(await dispatch(handlers, ctx, 'settings.get', {}, () => {})).toEqual({
      ok: true,
      value: { backend: 'auto', concurrency: 3, theme: 'dark', uploadLimitMb: 512, browseRoots: [] },
    });
  });
});
