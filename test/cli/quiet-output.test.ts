import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { openStore } from '../../src/store';
import { storeTinyCorpus } from '../jobs/kinds/tiny-corpus';
import { tempDir } from '../helpers/tmp';

const bin = join(__dirname, '..', '..', 'bin', 'pathways.js');
const BANNER = /looks like you are running TensorFlow\.js/;

/** Run the CLI as its own process, as a user would; resolves with its exit code and everything it printed. */
function pathways(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, output: stdout + stderr });
    });
  });
}

describe("tfjs's Node.js banner", () => {
  const home = tempDir('pathways-quiet-');
  afterAll(() => home.cleanup());

  it('is printed neither by the CLI nor into the log of a job that trains on the cpu backend', async () => {
    const store = openStore(home.path);
    const datasetId = storeTinyCorpus(store, join(home.path, 'corpus'));
    store.close();
    const common = ['--home', home.path, '--backend', 'cpu'];
    const sets = ['preset=tiny', 'steps=2', 'checkpointEvery=2', 'batchFrames=4000', 'devUtterances=0'];
    const train = await pathways([
      'train',
      '--dataset',
      datasetId,
      '--seed',
      '1',
      ...sets.flatMap((s) => ['--set', s]),
      '--json',
      ...common,
    ]);
    expect(train.code, train.output).toBe(0);
    expect(train.output).not.toMatch(BANNER);

    const after = openStore(home.path);
    const [run] = after.runs.list();
    const [job] = after.jobs.ofRuns([run.id]);
    const logs = after.jobs.logs(job.id, 1000).map((l) => l.line);
    after.close();
    // the worker ran on cpu and its output reached the job log
    expect(logs.some((l) => /^backend cpu/.test(l))).toBe(true);
    expect(logs.join('\n')).not.toMatch(BANNER);

    // a command that loads the model in the CLI process itself
    const exported = await pathways([
      'export',
      'model',
      run.id,
      '--out',
      join(home.path, 'model'),
      ...common,
    ]);
    expect(exported.code, exported.output).toBe(0);
    expect(exported.output).not.toMatch(BANNER);
  });
});
