// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import JobLog from '../../src/renderer/components/JobLog.vue';
import { LOG_PAGE, useJobsStore } from '../../src/renderer/stores/jobs';

describe('job log view', () => {
  const TOTAL = 2 * LOG_PAGE + 50;
  const lines = Array.from({ length: TOTAL }, (_, i) => ({
    jobId: 'job_1',
    level: 'info' as const,
    line: `line ${i}`,
    at: '2025-01-01T10:00:00.000Z',
  }));
  const requests: { limit: number; offset?: number }[] = [];
  /** A job of TOTAL log lines served newest-first by offset, as jobs.logs does. */
  const logApi: Api = {
    invoke: (async (channel: string, request: { limit: number; offset?: number }) => {
      if (channel !== 'jobs.logs') throw new Error(`unexpected ${channel}`);
      requests.push({ limit: request.limit, offset: request.offset });
      const end = TOTAL - (request.offset ?? 0);
      return lines.slice(Math.max(0, end - request.limit), Math.max(0, end));
    }) as Api['invoke'],
    on: () => () => {},
  };

  it('loads one page, then earlier pages on request until the first line, and then offers no more', async () => {
    setActivePinia(createPinia());
    useClient(logApi);
    const jobs = useJobsStore();
    await jobs.loadLogs('job_1');
    const wrapper = mount(JobLog, { props: { jobId: 'job_1' } });
    const shown = () => wrapper.get('pre').text().split('\n');
    expect(shown()).toHaveLength(LOG_PAGE);
    expect(shown()[0]).toContain(`line ${TOTAL - LOG_PAGE}`);
    for (let pages = 2; pages <= 3; pages++) {
      await wrapper.get('[data-testid="load-earlier-logs"]').trigger('click');
      await flushPromises();
    }
    expect(shown()).toHaveLength(TOTAL);
    expect(shown()[0]).toContain('line 0');
    expect(shown().at(-1)).toContain(`line ${TOTAL - 1}`);
    expect(wrapper.find('[data-testid="load-earlier-logs"]').exists()).toBe(false);
    expect(requests).toEqual([
      { limit: LOG_PAGE, offset: undefined },
      { limit: LOG_PAGE, offset: LOG_PAGE },
      { limit: LOG_PAGE, offset: 2 * LOG_PAGE },
    ]);
  });
});
