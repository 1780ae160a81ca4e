import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc';
import { ApiError, type Api, type ApiResult, type EventName } from '../shared/api';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event, message: { event: string; payload: unknown }) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const api: Api & { pathForFile(file: File): string } = {
  async invoke(channel, request) {
    const result = (await ipcRenderer.invoke(IPC_INVOKE, channel, request)) as ApiResult<never>;
    if (!result.ok) throw ApiError.fromPayload(result.error);
    return result.value;
  },
  on(event: EventName, listener) {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
