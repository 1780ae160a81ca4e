import { openStore, type Store } from '../../../src/store';
import { tempDir } from '../../helpers/tmp';

describe('JobRepo queue operations', () => {
  const dir = tempDir();
  let store: Store;
  let other: Store;
  beforeEach(() => {
    store = openStore(dir.path);
    other = openStore(dir.path);
    store.db.exec('DELETE FROM jobs; DELETE FROM supervisors;');
  });
  afterEach(() => {
    other.close();
    store.close();
  });
  afterAll(() => dir.cleanup());

  it('lets exactly one of two connections claim a queued job', () => {
    const job = store.jobs.create({ kind: 'k', payload: {} });
    expect(store.jobs.claim(job.id, 'sup_a')).toBe(true);
    expect(other.jobs.claim(job.id, 'sup_b')).toBe(false);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'running', attempts: 1 });
  });

  it('runs a job only after all its dependencies succeeded', () => {
    const a = store.jobs.create({ kind: 'k', payload: {} });
    const b = store.jobs.create({ kind: 'k', payload: {} });
    const c = store.jobs.create({ kind: 'k', payload: {}, dependsOn: [a.id, b.id] });
    expect(store.jobs.runnable(10).map((j) => j.id)).toEqual([a.id, b.id]);
    for (const id of [a.id, b.id]) {
      store.jobs.claim(id, 'sup');
      store.jobs.release(id, 'sup', 'succeeded');
    }
    expect(store.jobs.runnable(10).map((j) => j.id)).toEqual([c.id]);
  });

  it('blocks the whole chain below a failed job and re-queues it on resume', () => {
    const a = store.jobs.create({ kind: 'k', payload: {} });
    const b = store.jobs.create({ kind: 'k', payload: {}, dependsOn: [a.id] });
    const c = store.jobs.create({ kind: 'k', payload: {}, dependsOn: [b.id] });
    store.jobs.claim(a.id, 'sup');
    store.jobs.release(a.id, 'sup', 'failed', 'boom');
    expect(store.jobs.blockDependents().map((j) => j.id)).toEqual([b.id]);
    expect(store.jobs.blockDependents().map((j) => j.id)).toEqual([c.id]);
    expect(store.jobs.get(c.id)).toMatchObject({ state: 'blocked', error: `dependency ${b.id} is blocked` });
    expect(store.jobs.requeue(a.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect([a, b, c].map((j) => store.jobs.get(j.id)!.state)).toEqual(['queued', 'queued', 'queued']);
    expect(store.jobs.requeue(a.id)).toEqual([]);
  });

  it('lets a cancel win over a later release by the owner', () => {
    const job = store.jobs.create({ kind: 'k', payload: {} });
    store.jobs.claim(job.id, 'sup');
    other.jobs.cancel(job.id);
    expect(store.jobs.release(job.id, 'sup', 'succeeded')).toBe(false);
    expect(store.jobs.get(job.id)!.state).toBe('cancelled');
  });

  it('recovers a running job only from the owner it was taken from', () => {
    const job = store.jobs.create({ kind: 'k', payload: {} });
    store.jobs.claim(job.id, 'sup_dead');
    store.jobs.registerSupervisor('sup_dead', 999_999, 'host');
    expect(store.jobs.runningWithOwners()).toEqual([
      expect.objectContaining({ id: job.id, owner: 'sup_dead', ownerPid: 999_999, ownerHost: 'host' }),
    ]);
    expect(store.jobs.recoverOrphan(job.id, 'sup_other')).toBe(false);
    expect(store.jobs.recoverOrphan(job.id, 'sup_dead')).toBe(true);
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'queued', attempts: 1 });
  });
});
