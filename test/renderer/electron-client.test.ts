import { createElectronClient, type PreloadApi } from '../../src/renderer/client/electron-client';
import { ApiError, type ApiResult } from '../../src/shared/api';

/** The preload's shape: invoke answers with the envelope that main's dispatch produced. */
function bridgeAnswering(result: ApiResult<unknown>): PreloadApi {
  return { invoke: async () => result, on: () => () => {} };
}

describe('the Electron client', () => {
  it('returns the value of an ok envelope', async () => {
    const api = createElectronClient(bridgeAnswering({ ok: true, value: { theme: 'dark' } }));
    await expect(api.invoke('settings.get', {})).resolves.toEqual({ theme: 'dark' });
  });

  it('keeps the error code and field issues that contextBridge would strip from a thrown error', async () => {
    const api = createElectronClient(
      bridgeAnswering({
        ok: false,
        error: {
          code: 'invalid_request',
          message: 'bad',
          issues: [{ path: 'concurrency', message: 'too small' }],
        },
      }),
    );
    const error = await api.invoke('settings.set', { concurrency: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'concurrency', message: 'too small' }],
    });
  });
});
