import { ApiError, type Api, type ChannelName, type RequestOf, type ResponseOf } from '../../shared/api';
import type { PreloadBridge } from '../../shared/ipc';

/** What the Electron preload exposes as `window.api`. */
export type PreloadApi = PreloadBridge & { pathForFile?: (file: File) => string };

/** The contract through the Electron preload bridge: result envelopes become values or typed ApiErrors. */
export function createElectronClient(bridge: PreloadApi): Api {
  return {
    async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const result = await bridge.invoke(channel, request);
      if (!result.ok) throw ApiError.fromPayload(result.error);
      return result.value as ResponseOf<C>;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
