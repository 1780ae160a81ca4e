import { cpus, platform } from 'node:os';
import { probeTorchRunner, torchPython } from '../torch/interpreter';
import type { HandlerTable } from './dispatch';

type AppHandlers = Pick<HandlerTable, 'app.info' | 'runners.torch' | 'settings.get' | 'settings.set'>;

export const appHandlers: AppHandlers = {
  'app.info': (_request, ctx) => ({
    name: 'Pathways Studio',
    version: ctx.version,
    mode: ctx.mode,
    home: ctx.store.layout.root,
    backend: ctx.backend,
    schemaVersion: ctx.store.schemaVersion,
    platform: platform(),
    cores: cpus().length,
  }),
  'runners.torch': (request, ctx) =>
    probeTorchRunner(torchPython(ctx.store.settings.get().pythonPath), request.fresh),
  'settings.get': (_request, ctx) => ctx.store.settings.get(),
  'settings.set': (request, ctx) => ctx.store.settings.set(request),
};
