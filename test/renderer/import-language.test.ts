// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Api } from '../../src/shared/api';
import { useClient } from '../../src/renderer/client';
import DatasetsView from '../../src/renderer/views/DatasetsView.vue';

describe('import form', () => {
  /** A server whose Kaldi folder names no language and whose JSONL manifest does; records the imports asked for. */
  const imports: object[] = [];
  const serverApi: Api = {
    invoke: (async (channel: string, request: { path: string }) => {
      if (channel === 'datasets.list') return [];
      if (channel === 'datasets.detect')
        return request.path === '/data/kaldi'
          ? {
              format: 'kaldi',
              root: '/data/kaldi',
              carriesLanguage: 'no',
              reason: 'Kaldi data folder /data/kaldi has no utt2lang',
            }
          : { format: 'jsonl', root: request.path, carriesLanguage: 'yes', reason: '' };
      if (channel === 'datasets.import') {
        imports.push(request);
        return { jobId: `job_${imports.length}` };
      }
      throw new Error(`unexpected ${channel}`);
    }) as Api['invoke'],
    on: () => () => {},
  };

  beforeEach(() => {
    setActivePinia(createPinia());
    useClient(serverApi);
    imports.length = 0;
  });

  it('asks for the language when the detected layout names none, and imports with it', async () => {
    const wrapper = mount(DatasetsView, { global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.find('[data-testid="import-language"]').exists()).toBe(false);
    await wrapper.get('[data-testid="import-path"]').setValue('/data/kaldi');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(imports).toEqual([]);
    expect(wrapper.get('[data-testid="import-language-why"]').text()).toContain(
      'Kaldi data folder /data/kaldi has no utt2lang',
    );
    const submit = wrapper.get('button[type="submit"]');
    expect(submit.attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="import-language"]').setValue('de');
    expect(submit.attributes('disabled')).toBeUndefined();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(imports).toEqual([{ path: '/data/kaldi', language: 'de' }]);
  });

  it('imports a corpus that names its languages without asking, and asks again for another path', async () => {
    const wrapper = mount(DatasetsView, { global: { plugins: [createPinia()] } });
    await flushPromises();
    await wrapper.get('[data-testid="import-path"]').setValue('/data/kaldi');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[data-testid="import-language"]').exists()).toBe(true);
    await wrapper.get('[data-testid="import-path"]').setValue('/data/train.jsonl');
    expect(wrapper.find('[data-testid="import-language"]').exists()).toBe(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(imports).toEqual([{ path: '/data/train.jsonl' }]);
    expect(wrapper.find('[data-testid="import-language"]').exists()).toBe(false);
  });
});
