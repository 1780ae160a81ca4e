import type { PreloadApi } from './client/electron-client';

declare global {
  interface Window {
    /** Present in Electron (the preload bridge); absent in web mode. */
    api?: PreloadApi;
  }
}
