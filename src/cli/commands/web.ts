import { EXIT, type Command } from '../command';
import { openApp } from './support/app';
import { startWebServer, rendererMiddleware } from '../../server';
import { handlers } from '../../jobs/api/handlers';
import { projectRoot } from '../../jobs/version';

export const webCommand: Command = {
  name: 'web',
  summary: 'Serve the studio UI and API on loopback with a random token (web mode)',
  usage: 'pathways web [--port N] [--host 127.0.0.1] [--allow-remote] [--dev] [--home H]',
  options: {
    port: {
      type: 'string',
      placeholder: 'N',
      valueType: 'integer',
      default: '0',
      description: 'Port to listen on (0: any free one)',
    },
    host: { type: 'string', placeholder: 'ADDR', default: '127.0.0.1', description: 'Address to listen on' },
    'allow-remote': {
      type: 'boolean',
      default: false,
      description: 'Allow a --host other than loopback (the token is still required)',
    },
    // Vite's dev server (live reload) instead of the built renderer: it serves files under the project root
    dev: {
      type: 'boolean',
      default: false,
      description: "Serve the renderer through Vite's dev server with live reload (development only)",
    },
  },
  async run({ values }, io) {
    const app = await openApp(values, { runJobs: true, mode: 'web' });
    const renderer = await rendererMiddleware(projectRoot(), {
      dev: Boolean(values.dev),
      log: (message) => io.err(`${message}\n`),
    });
    const server = await startWebServer({
      ctx: app.ctx,
      table: handlers,
      hub: app.hub,
      host: String(values.host),
      port: Number(values.port),
      allowRemote: Boolean(values['allow-remote']),
      renderer: renderer.middleware,
      connectSources: renderer.connectSources,
    });
    if (values.json)
      io.out(JSON.stringify({ url: server.url, port: server.port, home: app.store.layout.root }) + '\n');
    else
      io.out(
        `Pathways Studio (web mode) at ${server.url}\nhome: ${app.store.layout.root}\nbackend: ${app.ctx.backend.name}\n`,
      );
    await new Promise<void>((resolvePromise) => {
      const stop = () => resolvePromise();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await renderer.close();
    await app.close();
    return EXIT.ok;
  },
};
