import { waitForJob } from '../../src/jobs/wait';
import { startHarness, type Harness } from './harness';

describe('a job whose kind throws', () => {
  let h: Harness;
  afterEach(async () => h.cleanup());

  it('fails with the message and keeps the stack, down to the throwing function, in its log', async () => {
    h = startHarness();
    const job = h.supervisor.enqueue({ kind: 'count', payload: { steps: 5, stepMs: 1, failAtStep: 2 } });
    const failed = await waitForJob(h.hub, h.store, job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe('count: failing at step 2 as configured');
    const errors = h.store.jobs.logs(job.id, 100).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    const [message, ...frames] = errors[0].line.split('\n');
    expect(message).toBe('Error: count: failing at step 2 as configured');
    expect(frames[0]).toMatch(/^\s+at runCount \(.*src\/jobs\/kinds\/count\.ts:\d+:\d+\)$/);
  });
});
