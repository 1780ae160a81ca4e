import type { Api } from '../../shared/api';
import type { PreloadApi } from './electron-client';

let current: Api | undefined;
let fileBridge: PreloadApi['pathForFile'];

/** Install the client the app talks to (once at start; tests install their own). */
export function useClient(api: Api, pathForFile?: PreloadApi['pathForFile']): void {
  current = api;
  fileBridge = pathForFile;
}

/** The installed API client. */
export function api(): Api {
  if (!current) throw new Error('no API client installed: call useClient() first');
  return current;
}

/** The file-system path of a dropped file where the platform exposes it (Electron), else undefined. */
export function pathForFile(file: File): string | undefined {
  return fileBridge?.(file) || undefined;
}
