import type { Api } from '../../shared/api';
import { createElectronClient, type PreloadApi } from './electron-client';
import { createWsClient, socketUrl, type ConnectionStatus } from './ws-client';

export interface PickedClient {
  api: Api;
  transport: 'electron' | 'websocket';
}

/** Electron's preload bridge when present, else the web-mode WebSocket of the page's own server. */
export function pickClient(
  scope: { api?: PreloadApi; location: { protocol: string; host: string; search: string } },
  onStatus?: (status: ConnectionStatus) => void,
): PickedClient {
  if (scope.api) return { api: createElectronClient(scope.api), transport: 'electron' };
  return { api: createWsClient({ url: socketUrl(scope.location), onStatus }), transport: 'websocket' };
}
