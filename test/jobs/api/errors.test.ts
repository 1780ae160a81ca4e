import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../../src/jobs/app-context';
import { dispatch } from '../../../src/jobs/api/dispatch';
import type { HandlerTable } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import { recordingJobs } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';
import { storeTinyCorpus } from '../kinds/tiny-corpus';

describe('errors keep their kind across the API', () => {
  const dir = tempDir();
  let app: AppContext;
  let datasetId: string;
  const logged: string[] = [];
  beforeAll(async () => {
    app = await createAppContext({ home: dir.path, mode: 'test', backend: 'cpu', jobs: recordingJobs });
    datasetId = storeTinyCorpus(app.store, join(dir.path, 'corpus'));
  });
  afterAll(async () => {
    await app.close();
    dir.cleanup();
  });
  beforeEach(() => logged.splice(0));
  const call = (table: HandlerTable, channel: string, payload: unknown) =>
    dispatch(table, app.ctx, channel, payload, (line) => logged.push(line));

  it('an undecodable audio file is undecodable_audio, naming the file, and logs no stack', async () => {
    const [utterance] = app.store.datasets.utterances(datasetId, { limit: 1, offset: 0 }).items;
    const fine = await call(handlers, 'audio.get', { utteranceId: utterance.id });
    expect(fine.ok).toBe(true);
    writeFileSync(utterance.audioPath, 'RIFF this is not audio');
    const result = await call(handlers, 'audio.get', { utteranceId: utterance.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'undecodable_audio' } });
    expect(!result.ok && result.error.message).toContain(utterance.audioPath);
    expect(logged).toEqual([]);
  });

  it('a model config that fails its schema is invalid_request with the field', async () => {
    const result = await call(handlers, 'models.parameterCount', { preset: 'tiny', config: { layers: -1 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!result.ok && result.error.issues?.map((i) => i.path)).toEqual(["preset 'tiny'.layers"]);
    expect(logged).toEqual([]);
  });

  it('a missing thing is not_found; anything unexpected is internal and logged with its stack', async () => {
    const missing = await call(handlers, 'audio.get', { utteranceId: 'ds_nope/u1' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(logged).toEqual([]);
    const broken = {
      ...handlers,
      'app.info': () => {
        throw new TypeError('a bug');
      },
    } as HandlerTable;
    const result = await call(broken, 'app.info', {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'a bug' } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^api: 'app\.info' failed: TypeError: a bug\n\s+at /);
  });
});
