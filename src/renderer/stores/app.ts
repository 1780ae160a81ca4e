import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo, Settings } from '../../shared/api';
import { api } from '../client';
import type { ConnectionStatus } from '../client';
import { describeError } from '../lib/errors';

export const VIEWS = ['datasets', 'pathways', 'runs', 'results', 'masks', 'review', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

function viewFromHash(hash: string): ViewName {
  const name = hash.replace(/^#\/?/, '').split('/')[0];
  return (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'datasets';
}

/** App info, settings, the current view and the theme. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const settings = ref<Settings | null>(null);
  const error = ref<string | null>(null);
  const connection = ref<ConnectionStatus>('open');
  const view = ref<ViewName>(viewFromHash(typeof location === 'undefined' ? '' : location.hash));

  function applyTheme(): void {
    if (typeof document === 'undefined') return;
    const theme = settings.value?.theme ?? 'system';
    const dark =
      theme === 'dark' || (theme === 'system' && window.matchMedia?.('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }

  async function load(): Promise<void> {
    try {
      [info.value, settings.value] = await Promise.all([
        api().invoke('app.info', {}),
        api().invoke('settings.get', {}),
      ]);
      error.value = null;
      applyTheme();
    } catch (caught) {
      error.value = describeError(caught);
    }
  }

  async function saveSettings(change: Partial<Settings>): Promise<void> {
    settings.value = await api().invoke('settings.set', change);
    applyTheme();
    if (change.backend !== undefined) info.value = await api().invoke('app.info', {});
  }

  function go(next: ViewName): void {
    view.value = next;
    if (typeof location !== 'undefined' && location.hash !== `#/${next}`)
      history.replaceState(null, '', `#/${next}`);
  }

  function followHash(): void {
    view.value = viewFromHash(location.hash);
  }

  return { info, settings, error, connection, view, load, saveSettings, go, followHash, applyTheme };
});
