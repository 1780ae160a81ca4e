import { EXIT } from '../../src/cli/command';
import { openStore } from '../../src/store';
import { cliHomeWithTestKinds, runCli } from './run-cli';

describe('pathways jobs', () => {
  const { home, common } = cliHomeWithTestKinds('pathways-cli-jobs-');

  it('resumes a paused job and follows it with a progress bar on a terminal; cancel of a finished job is refused', async () => {
    const store = openStore(home);
    const runId = store.runs.create({
      name: 'c',
      kind: 'dense',
      seed: 0,
      config: {},
      datasetIds: [],
      appVersion: 't',
    }).id;
    const job = store.jobs.create({
      kind: 'count',
      runId,
      payload: { steps: 30, stepMs: 15, checkpointEvery: 10 },
    });
    store.jobs.pause(job.id);
    store.close();
    expect(
      JSON.parse((await runCli(['jobs', 'list', '--state', 'paused', '--json', ...common])).out).map(
        (j: { id: string }) => j.id,
      ),
    ).toEqual([job.id]);

    const resumed = await runCli(['jobs', 'resume', job.id, '--wait', ...common], { isTTY: true });
    expect(resumed.code, resumed.err).toBe(EXIT.ok);
    expect(resumed.err).toMatch(/\r\[#+\.*\]\s+\d+%  count  \d+\/30/);
    const shown = JSON.parse((await runCli(['jobs', 'show', job.id, '--json', ...common])).out);
    expect(shown).toMatchObject({ state: 'succeeded', attempts: 1, progress: { step: 30, total: 30 } });
    const logs = await runCli(['jobs', 'logs', job.id, ...common]);
    expect(logs.code).toBe(EXIT.ok);

    const refused = await runCli(['jobs', 'cancel', job.id, ...common]);
    expect(refused.code).toBe(EXIT.failure);
    expect(refused.err).toMatch(/already succeeded/);
  });
});
