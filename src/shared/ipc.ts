import type { ApiResult } from './contract/errors';
import type { ChannelName, EventName, EventOf, RequestOf } from './api';

/** Names used on Electron IPC by the preload bridge and the main process. */
export const IPC_INVOKE = 'pathways:invoke';
export const IPC_EVENT = 'pathways:event';

/**
 * What the preload exposes as `window.api`. `invoke` resolves with the result envelope rather than throwing,
 * because errors crossing contextBridge lose their class and fields; the renderer's Electron client turns the
 * envelope into a value or a typed ApiError. The preload also adds `pathForFile` (drag-and-drop paths).
 */
export interface PreloadBridge {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ApiResult<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
}
