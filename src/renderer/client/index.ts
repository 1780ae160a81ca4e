export {
  createWsClient,
  socketUrl,
  type WsClient,
  type WsClientOptions,
  type SocketLike,
  type ConnectionStatus,
} from './ws-client';
export { createElectronClient, type PreloadApi } from './electron-client';
export { pickClient, type PickedClient } from './pick-client';
export { api, useClient, pathForFile } from './current';
