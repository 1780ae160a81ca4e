import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { EXIT } from '../../src/cli/command';
import { openStore } from '../../src/store';
import { cliHomeWithTestKinds, runCli } from './run-cli';

/** The pid of a process that has really exited. */
function deadPid(): number {
  const child = spawnSync('true');
  return child.pid!;
}

describe('jobs whose supervisor process died (a killed `pathways train`)', () => {
  const { home, common } = cliHomeWithTestKinds('pathways-cli-orphans-');

  it('any command that opens the home marks them paused, and `jobs resume` runs them to the end', async () => {
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
      payload: { steps: 20, stepMs: 5, checkpointEvery: 5 },
    });
    store.jobs.registerSupervisor('sup_dead', deadPid(), hostname());
    expect(store.jobs.claim(job.id, 'sup_dead')).toBe(true);
    expect(store.jobs.get(job.id)?.state).toBe('running');
    store.close();

    const listed = JSON.parse((await runCli(['jobs', 'list', '--json', ...common])).out) as {
      id: string;
      state: string;
    }[];
    expect(listed.find((j) => j.id === job.id)?.state).toBe('paused');
    const logs = await runCli(['jobs', 'logs', job.id, ...common]);
    expect(logs.out).toMatch(/supervisor sup_dead is gone; paused/);

    const resumed = await runCli(['jobs', 'resume', job.id, '--wait', ...common]);
    expect(resumed.code, resumed.err).toBe(EXIT.ok);
    const shown = JSON.parse((await runCli(['jobs', 'show', job.id, '--json', ...common])).out);
    expect(shown).toMatchObject({ state: 'succeeded', progress: { step: 20, total: 20 } });
  });
});
