import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../shared/ipc';
import { dispatch, type HandlerTable } from '../jobs/api/dispatch';
import type { HandlerContext } from '../jobs/api/context';
import type { EventHub } from '../jobs/api/events';

/** True when the IPC call comes from our window's top frame showing our own renderer. */
function trustedSender(event: IpcMainInvokeEvent, window: BrowserWindow, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  return event.sender.id === window.webContents.id && frame !== null && frame.url.startsWith(rendererUrl);
}

/** Serve the handler table on ipcMain (payloads validated by dispatch, sender checked) and forward events. */
export function registerIpc(options: {
  window: BrowserWindow;
  rendererUrl: string;
  ctx: HandlerContext;
  table: HandlerTable;
  hub: EventHub;
}): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown) => {
    if (!trustedSender(event, options.window, options.rendererUrl)) {
      console.error(
        `ipc: refused '${String(channel)}' from untrusted sender ${event.senderFrame?.url ?? '?'}`,
      );
      return { ok: false, error: { code: 'unauthorized', message: 'untrusted sender' } };
    }
    return dispatch(options.table, options.ctx, String(channel), payload);
  });
  const unsubscribe = options.hub.subscribe((event, payload) => {
    if (!options.window.isDestroyed()) options.window.webContents.send(IPC_EVENT, { event, payload });
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
