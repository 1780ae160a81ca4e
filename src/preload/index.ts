import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type PreloadBridge } from '../shared/ipc';
import type { ApiResult } from '../shared/api';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const bridge: PreloadBridge & { pathForFile(file: File): string } = {
  invoke: (channel, request) =>
    ipcRenderer.invoke(IPC_INVOKE, channel, request) as Promise<ApiResult<unknown>>,
  on(event, listener) {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', bridge);
