import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { serveStore, type ServedStore } from './served-store';

/** Upload requests as a page of the server sends them: its Origin and the token (here as a Bearer header). */
describe('web-mode uploads into <home>/uploads', () => {
  let served: ServedStore;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    served = await serveStore();
    base = `http://127.0.0.1:${served.server.port}`;
    headers = { Authorization: `Bearer ${served.server.token}`, Origin: base };
  });
  afterAll(() => served.close());

  const begin = (files: unknown, extra: Record<string, string> = {}) =>
    fetch(`${base}/upload`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', ...extra },
      body: JSON.stringify({ files }),
    });
  const put = (id: string, path: string, body: Uint8Array, extra: Record<string, string> = {}) =>
    fetch(`${base}/upload/${id}?path=${encodeURIComponent(path)}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/octet-stream', ...extra },
      body: new Uint8Array(body),
    });
  const message = async (response: Response) =>
    ((await response.json()) as { error: { message: string } }).error.message;
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('stores a dropped folder byte for byte, answers the path to import, and the import finds its rows', async () => {
    const wav = randomBytes(70_000);
    const manifest = Buffer.from(
      JSON.stringify({ id: 'u1', audio_filepath: 'audio/u1.wav', text: 'hallo', lang: 'de', speaker: 's' }) +
        '\n',
    );
    const files = [
      { path: 'corpus/train.jsonl', bytes: manifest.length },
      { path: 'corpus/audio/u1.wav', bytes: wav.length },
    ];
    const started = await begin(files);
    expect(started.status).toBe(200);
    const { uploadId } = ((await started.json()) as { value: { uploadId: string } }).value;
    expect((await put(uploadId, 'corpus/train.jsonl', manifest)).status).toBe(200);
    expect((await put(uploadId, 'corpus/audio/u1.wav', wav)).status).toBe(200);
    const done = await fetch(`${base}/upload/${uploadId}/done`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const { path } = ((await done.json()) as { value: { path: string } }).value;
    expect(path).toBe(join(served.home, 'uploads', uploadId, 'corpus'));
    expect(sha(readFileSync(join(path, 'audio', 'u1.wav')))).toBe(sha(wav));
    expect(readFileSync(join(path, 'train.jsonl'))).toEqual(manifest);
    expect(readdirSync(join(path, 'audio'))).toEqual(['u1.wav']);
    const detected = await fetch(`${base}/api/datasets.detect`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path }),
    });
    expect(((await detected.json()) as { value: { format: string } }).value.format).toBe('jsonl');
  });

  it('refuses unsafe or inconsistent file lists naming the file, before anything is written', async () => {
    const cases: [unknown, RegExp][] = [
      [[{ path: '../escape.txt', bytes: 1 }], /\[0\]\.path: "\.\.\/escape\.txt" has a '\.\.' segment/],
      [[{ path: '/etc/passwd', bytes: 1 }], /\[0\]\.path: "\/etc\/passwd" is absolute/],
      [[{ path: 'a\\b', bytes: 1 }], /backslash/],
      [[{ path: 'a//b', bytes: 1 }], /empty segment/],
      [
        [
          { path: 'c/x', bytes: 1 },
          { path: 'c/x', bytes: 2 },
        ],
        /\[1\]\.path: c\/x is declared twice/,
      ],
      [
        [
          { path: 'd/x', bytes: 1 },
          { path: 'd/x/y', bytes: 1 },
        ],
        /d\/x is declared both as a file and as a folder/,
      ],
      [[{ path: 'e', bytes: -1 }], /\[0\]\.bytes/],
      [[], /files: /],
    ];
    const before = existsSync(join(served.home, 'uploads'))
      ? readdirSync(join(served.home, 'uploads')).length
      : 0;
    for (const [files, expected] of cases) {
      const response = await begin(files);
      expect(response.status).toBe(400);
      expect(await message(response)).toMatch(expected);
    }
    expect(readdirSync(join(served.home, 'uploads')).length).toBe(before);
    expect(existsSync(join(served.home, 'escape.txt'))).toBe(false);
  });

  it('refuses an upload over the limit of Settings, saying both sizes', async () => {
    served.store.settings.set({ uploadLimitMb: 1 });
    try {
      const response = await begin([{ path: 'big/x.flac', bytes: 3 * 1024 * 1024 }]);
      expect(response.status).toBe(413);
      expect(await message(response)).toMatch(/3\.0 MiB, over the upload limit of 1\.0 MiB/);
    } finally {
      served.store.settings.set({ uploadLimitMb: 4096 });
    }
  });

  it('refuses a file that is undeclared, longer or shorter than declared, or not octet-stream, and keeps no part of it', async () => {
    const started = await begin([
      { path: 'f/a.wav', bytes: 10 },
      { path: 'f/b.wav', bytes: 10 },
    ]);
    const { uploadId } = ((await started.json()) as { value: { uploadId: string } }).value;
    const dir = join(served.home, 'uploads', uploadId);
    const undeclared = await put(uploadId, 'f/c.wav', new Uint8Array(10));
    expect(undeclared.status).toBe(400);
    expect(await message(undeclared)).toMatch(/f\/c\.wav: not among the files this upload declared/);
    const escape = await put(uploadId, '../../x', new Uint8Array(10));
    expect(await message(escape)).toMatch(/has a '\.\.' segment/);
    const wrongType = await put(uploadId, 'f/a.wav', new Uint8Array(10), { 'Content-Type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    const longer = await put(uploadId, 'f/a.wav', new Uint8Array(25));
    expect(longer.status).toBe(400);
    expect(await message(longer)).toMatch(/f\/a\.wav: Content-Length 25 is not its declared 10 bytes/);
    // without Content-Length (chunked), the stream itself is cut at the declared size
    const chunked = await rawPut(uploadId, 'f/a.wav', [Buffer.alloc(8), Buffer.alloc(8)]);
    expect(chunked.status).toBe(413);
    expect(chunked.message).toMatch(/f\/a\.wav: more than its declared 10 bytes/);
    const shorter = await rawPut(uploadId, 'f/b.wav', [Buffer.alloc(4)]);
    expect(shorter.status).toBe(400);
    expect(shorter.message).toMatch(/f\/b\.wav: 4 bytes arrived of its declared 10/);
    expect(readdirSync(join(dir, 'f'))).toEqual([]);
    const early = await fetch(`${base}/upload/${uploadId}/done`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(early.status).toBe(409);
    expect(await message(early)).toMatch(/2 declared file\(s\) have not arrived: f\/a\.wav, f\/b\.wav/);
    // a retry of a refused file succeeds, then abandoning removes everything
    expect((await put(uploadId, 'f/a.wav', new Uint8Array(10))).status).toBe(200);
    const again = await put(uploadId, 'f/a.wav', new Uint8Array(10));
    expect(again.status).toBe(409);
    const dropped = await fetch(`${base}/upload/${uploadId}`, { method: 'DELETE', headers });
    expect(dropped.status).toBe(200);
    expect(existsSync(dir)).toBe(false);
    const gone = await put(uploadId, 'f/b.wav', new Uint8Array(10));
    expect(gone.status).toBe(404);
  });

  it('needs the token and this server’s Origin like every state change', async () => {
    const files = [{ path: 'g/a', bytes: 1 }];
    const noToken = await fetch(`${base}/upload`, {
      method: 'POST',
      headers: { Origin: base, 'Content-Type': 'application/json' },
      body: JSON.stringify({ files }),
    });
    expect(noToken.status).toBe(401);
    const otherOrigin = await begin(files, { Origin: 'http://evil.example' });
    expect(otherOrigin.status).toBe(403);
    const cookieOnly = await fetch(`${base}/upload`, {
      method: 'POST',
      headers: {
        Cookie: `pathways_token_${served.server.port}=${served.server.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ files }),
    });
    expect(cookieOnly.status).toBe(403);
    const form = await begin(files, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
    const notJson = await fetch(`${base}/upload`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: '{"files": [',
    });
    expect(notJson.status).toBe(400);
    expect(
      (
        await fetch(`${base}/api/app.info`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(200);
  });

  /** A PUT whose body goes out in chunks without Content-Length, as a stream would. */
  function rawPut(id: string, path: string, chunks: Buffer[]): Promise<{ status: number; message: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        `${base}/upload/${id}?path=${encodeURIComponent(path)}`,
        { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/octet-stream' } },
        (response) => {
          let text = '';
          response.on('data', (c: Buffer) => (text += c.toString()));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              message: (JSON.parse(text) as { error: { message: string } }).error.message,
            }),
          );
        },
      );
      request.on('error', reject);
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }
});
