import { app, BrowserWindow, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveHome } from '../store';
import { createAppContext } from '../jobs/app-context';
import { createSupervisor } from '../jobs/supervisor';
import { handlers } from '../jobs/api/handlers';
import { registerIpc } from './ipc';
import { utilityLauncher } from '../jobs/launcher';

const here = fileURLToPath(new URL('.', import.meta.url));
const homeFlag = process.argv.find((arg) => arg.startsWith('--home='))?.slice('--home='.length);

async function start(): Promise<void> {
  await app.whenReady();
  const home = resolveHome({ flag: homeFlag, fallback: app.getPath('userData') });
  const context = await createAppContext({
    home,
    mode: 'electron',
    jobs: (store, hub, backend) =>
      createSupervisor({
        store,
        hub,
        backend,
        launcher: utilityLauncher(
          (path, args, opts) => utilityProcess.fork(path, args, opts),
          join(here, 'worker.js'),
        ),
      }),
  });

  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1280,
    minHeight: 800,
    title: 'Pathways Studio',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https:')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());

  const devUrl = process.env.ELECTRON_RENDERER_URL;
  const rendererUrl = devUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;
  const unregister = registerIpc({
    window,
    rendererUrl: devUrl ?? 'file://',
    ctx: context.ctx,
    table: handlers,
    hub: context.hub,
  });
  await window.loadURL(rendererUrl);

  app.on('window-all-closed', () => {
    unregister();
    void context.close().then(() => app.quit());
  });
}

start().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
