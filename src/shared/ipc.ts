/** Names used on Electron IPC by the preload bridge and the main process. */
export const IPC_INVOKE = 'pathways:invoke';
export const IPC_EVENT = 'pathways:event';
