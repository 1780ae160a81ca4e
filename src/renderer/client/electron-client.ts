import { API_ERROR_CODES } from '../../shared/contract/errors';
import { ApiError, type Api, type ChannelName, type RequestOf, type ResponseOf } from '../../shared/api';

/** What the Electron preload exposes as `window.api`. */
export type PreloadApi = Api & { pathForFile?: (file: File) => string };

/** Errors crossing contextBridge lose their class; restore a typed ApiError from whatever arrived. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    issues?: unknown;
  };
  const code = API_ERROR_CODES.find((known) => known === fields.code) ?? 'internal';
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  return new ApiError(
    code,
    message,
    Array.isArray(fields.issues) ? (fields.issues as ApiError['issues']) : undefined,
  );
}

/** The contract through the Electron preload bridge. */
export function createElectronClient(bridge: PreloadApi): Api {
  return {
    async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      try {
        return await bridge.invoke(channel, request);
      } catch (error) {
        throw toApiError(error);
      }
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}
