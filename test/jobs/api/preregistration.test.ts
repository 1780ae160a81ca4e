import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../../src/jobs/app-context';
import { dispatch } from '../../../src/jobs/api/dispatch';
import { handlers } from '../../../src/jobs/api/handlers';
import type { ApiResult, ChannelName, ResponseOf } from '../../../src/shared/api';
import { recordingJobs } from '../../helpers/recording-jobs';
import { tempDir } from '../../helpers/tmp';
import { storeTinyCorpus } from '../kinds/tiny-corpus';

const STUDY = [
  '# Pre-registered study',
  '',
  'Systems: dense, lap, lsp, pathways.',
  'Decides: pathways vs LAP on the average CER (interval excludes 0).',
  '',
].join('\n');

describe('a reproduction queued with its pre-registration', () => {
  const dir = tempDir();
  const file = join(dir.path, 'study.md');
  let app: AppContext;
  let datasetId: string;
  beforeAll(async () => {
    app = await createAppContext({ home: dir.path, mode: 'test', backend: 'cpu', jobs: recordingJobs });
    datasetId = storeTinyCorpus(app.store, join(dir.path, 'corpus'));
  });
  afterAll(async () => {
    await app.close();
    dir.cleanup();
  });
  const call = async <C extends ChannelName>(channel: C, request: object) =>
    (await dispatch(handlers, app.ctx, channel, request, () => {})) as ApiResult<ResponseOf<C>>;
  const queue = (preregistration: string, dryRun = false) =>
    call('runs.reproduce', {
      datasetIds: [datasetId],
      seeds: [1],
      preset: 'tiny',
      scale: 'smoke',
      systems: ['dense', 'lap'],
      preregistration,
      dryRun,
    });
  const markdown = async (groupId: string) => {
    const report = await call('results.export', { groupId, format: 'markdown' });
    if (!report.ok) throw new Error(report.error.message);
    return report.value.text;
  };

  it('refuses a file it cannot read or an empty one, naming the path, before anything is queued', async () => {
    const missing = join(dir.path, 'nope.md');
    const refused = await queue(missing, true);
    expect(!refused.ok && refused.error.message).toMatch(
      new RegExp(`^preregistration: cannot read ${missing}: ENOENT`),
    );
    writeFileSync(file, '  \n');
    const empty = await queue(file);
    expect(!empty.ok && empty.error.message).toBe(`preregistration: ${file} is empty`);
    expect(await queue('study.md')).toMatchObject({ ok: false });
    expect(app.store.runs.list()).toEqual([]);
  });

  it('records the text and its SHA-256; the report says unchanged, then edited at the first changed line, then gone', async () => {
    writeFileSync(file, STUDY);
    const queued = await queue(file);
    if (!queued.ok) throw new Error(queued.error.message);
    const { groupId } = queued.value;
    const expected = createHash('sha256').update(STUDY).digest('hex');
    expect(app.store.preregistrations.get(groupId)).toMatchObject({
      path: file,
      sha256: expected,
      text: STUDY,
    });
    expect(await markdown(groupId)).toContain(`Pre-registration ${file} (SHA-256 ${expected.slice(0, 12)}`);
    expect(await markdown(groupId)).toMatch(/: unchanged since\./);

    // line 4 (the deciding comparison) is changed after the study started
    const edited = STUDY.replace('pathways vs LAP', 'pathways vs Dense');
    writeFileSync(file, edited);
    const now = createHash('sha256').update(edited).digest('hex');
    const report = await markdown(groupId);
    expect(report).toContain(
      `EDITED after the study started (now ${now.slice(0, 12)}, first changed line 4)`,
    );
    const table = await call('results.compare', { groupId });
    expect(table.ok && table.value.preregistration).toMatchObject({ state: 'edited', currentSha256: now });

    rmSync(file);
    expect(await markdown(groupId)).toMatch(/the file is gone now; the text registered is kept/);
    // a group queued without one says nothing of it
    const plain = await call('runs.reproduce', {
      datasetIds: [datasetId],
      seeds: [1],
      preset: 'tiny',
      scale: 'smoke',
      systems: ['dense'],
    });
    expect(plain.ok && (await markdown(plain.value.groupId))).not.toMatch(/Pre-registration/);
  });
});
