/**
 * The ranks' watchdog (python/pathways_torch/watchdog.py): a process started with PATHWAYS_PARENT_PID exits once that
 * process is gone, the backstop for a worker whose supervisor died with it. Needs no torch (only the standard
 * library), so it runs wherever /usr/bin/python3 does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PYTHON } from './python';

const PACKAGE = join(import.meta.dirname, '..', '..', 'python');
const python = spawnSync(PYTHON, ['-c', 'pass']).error;

describe("the PyTorch runner's watchdog", () => {
  it('ends a rank soon after the process it watches is killed', async (context) => {
    if (python) return context.skip(`${PYTHON} cannot be run (${python.message})`);
    const parent = spawn('sleep', ['60']);
    const rank = spawn(
      PYTHON,
      [
        '-S',
        '-c',
        'import time\nfrom pathways_torch.watchdog import watch_parent_from_env\nwatch_parent_from_env()\ntime.sleep(30)',
      ],
      {
        env: { ...process.env, PYTHONPATH: PACKAGE, PATHWAYS_PARENT_PID: String(parent.pid) },
      },
    );
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      rank.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(rank.exitCode).toBeNull();
    const killedAt = Date.now();
    parent.kill('SIGKILL');
    const { code, at } = await exited;
    console.log(`rank exited with ${code} ${at - killedAt} ms after its parent was killed`);
    expect(code).toBe(3);
    expect(at - killedAt).toBeLessThan(2000);
  });
});
