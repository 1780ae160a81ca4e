import { createWriteStream, mkdirSync, renameSync, rmSync, statfsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { newId } from '../store';
import { describeIssues, importRoot, unsafePathReason, UploadBeginSchema } from './upload-manifest';

/** An error an upload request answers with: HTTP status, API error code and a message naming the file. */
class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: 'invalid_request' | 'not_found' | 'conflict' | 'internal' = 'invalid_request',
  ) {
    super(message);
  }
}

interface UploadSession {
  dir: string;
  /** Declared size of each file, and whether it has arrived whole. */
  files: Map<string, { bytes: number; state: 'expected' | 'receiving' | 'received' }>;
  root: string;
}

const MAX_BEGIN_BODY = 64 * 1024 * 1024;

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BEGIN_BODY) {
        reject(new UploadError(413, `the upload's file list is over ${MAX_BEGIN_BODY} bytes`));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new UploadError(400, 'the upload request is not JSON'));
      }
    });
    request.on('error', reject);
  });
}

const contentType = (request: IncomingMessage) =>
  (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Counts the bytes of a file's body and fails the stream as soon as they exceed its declared size. */
function sizeGuard(path: string, declared: number, seen: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen.bytes += chunk.length;
      if (seen.bytes > declared)
        done(new UploadError(413, `${path}: more than its declared ${declared} bytes were sent`));
      else done(null, chunk);
    },
  });
}

/**
 * Web mode's uploads into `<home>/uploads/<id>/`, for folders and manifests dropped on a browser page (which
 * reveals no paths on disk). An upload declares its files and sizes first (`POST /upload`: refused over the size
 * limit of Settings or the free disk space), then streams each file (`PUT /upload/<id>?path=<relative path>`,
 * `application/octet-stream`) into `<file>.part`, renamed when whole, and ends with `POST /upload/<id>/done`, which
 * answers the path to import. `DELETE /upload/<id>` abandons it and removes what arrived. Every request passes the
 * web server's token and origin checks before it gets here; paths are checked to stay inside the upload.
 */
export class UploadArea {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly uploadsDir: string,
    private readonly limitBytes: () => number,
  ) {}

  /** Answer a request under `/upload`; resolves once the response is sent. */
  async handle(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams) {
    try {
      const body = await this.route(request, pathname, query);
      response.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      response.end(JSON.stringify({ ok: true, value: body }));
    } catch (error) {
      const known = error instanceof UploadError;
      const status = known ? error.status : 500;
      const message = known ? error.message : `the upload failed: ${(error as Error).message}`;
      if (!response.headersSent) {
        response.writeHead(status, {
          'Content-Type': 'application/json; charset=utf-8',
          Connection: 'close',
        });
        response.end(
          JSON.stringify({ ok: false, error: { code: known ? error.code : 'internal', message } }),
        );
      }
      if (!request.readableEnded) request.resume();
    }
  }

  private async route(request: IncomingMessage, pathname: string, query: URLSearchParams): Promise<unknown> {
    const parts = pathname.split('/').filter(Boolean);
    if (parts.length === 1 && request.method === 'POST') return this.begin(request);
    const session = parts[1] === undefined ? undefined : this.sessions.get(parts[1]);
    if (parts.length >= 2 && !session)
      throw new UploadError(404, `no upload ${JSON.stringify(parts[1])} is in progress`, 'not_found');
    if (parts.length === 2 && request.method === 'PUT')
      return this.receive(request, session!, query.get('path'));
    if (parts.length === 3 && parts[2] === 'done' && request.method === 'POST') return this.finish(parts[1]);
    if (parts.length === 2 && request.method === 'DELETE') return this.abandon(parts[1]);
    throw new UploadError(405, `${request.method} ${pathname} is not an upload request`);
  }

  private async begin(request: IncomingMessage) {
    if (contentType(request) !== 'application/json')
      throw new UploadError(415, 'an upload starts with Content-Type: application/json');
    const parsed = UploadBeginSchema.safeParse(await readJson(request));
    if (!parsed.success) throw new UploadError(400, describeIssues(parsed.error));
    const total = parsed.data.files.reduce((sum, f) => sum + f.bytes, 0);
    const limit = this.limitBytes();
    if (total > limit)
      throw new UploadError(
        413,
        `the upload is ${mib(total)}, over the upload limit of ${mib(limit)} (Settings → Storage → Upload limit)`,
      );
    mkdirSync(this.uploadsDir, { recursive: true });
    const free = freeBytes(this.uploadsDir);
    if (free !== undefined && total > free)
      throw new UploadError(507, `the upload is ${mib(total)}; ${this.uploadsDir} has ${mib(free)} free`);
    const uploadId = newId('upl');
    const dir = join(this.uploadsDir, uploadId);
    mkdirSync(dir, { recursive: true });
    const files: UploadSession['files'] = new Map(
      parsed.data.files.map((f) => [f.path, { bytes: f.bytes, state: 'expected' }]),
    );
    const root = importRoot(parsed.data.files);
    this.sessions.set(uploadId, { dir, files, root });
    return { uploadId, files: files.size, bytes: total };
  }

  private async receive(request: IncomingMessage, session: UploadSession, path: string | null) {
    if (path === null) throw new UploadError(400, 'path: name the file with ?path=<relative path>');
    const reason = unsafePathReason(path);
    if (reason) throw new UploadError(400, `path: ${JSON.stringify(path)} ${reason}`);
    const file = session.files.get(path);
    if (!file) throw new UploadError(400, `${path}: not among the files this upload declared`);
    if (file.state !== 'expected')
      throw new UploadError(
        409,
        `${path}: already ${file.state === 'received' ? 'received' : 'arriving'}`,
        'conflict',
      );
    if (contentType(request) !== 'application/octet-stream')
      throw new UploadError(415, `${path}: send the file's bytes as Content-Type: application/octet-stream`);
    const length = request.headers['content-length'];
    if (length !== undefined && Number(length) !== file.bytes)
      throw new UploadError(400, `${path}: Content-Length ${length} is not its declared ${file.bytes} bytes`);
    const target = resolve(session.dir, path);
    if (!target.startsWith(session.dir + sep))
      throw new UploadError(400, `${path}: leaves the upload folder`);
    mkdirSync(dirname(target), { recursive: true });
    const part = `${target}.part`;
    const seen = { bytes: 0 };
    file.state = 'receiving';
    try {
      await pipeline(request, sizeGuard(path, file.bytes, seen), createWriteStream(part));
      if (seen.bytes !== file.bytes)
        throw new UploadError(400, `${path}: ${seen.bytes} bytes arrived of its declared ${file.bytes}`);
      renameSync(part, target);
      file.state = 'received';
    } catch (error) {
      file.state = 'expected';
      rmSync(part, { force: true });
      if (error instanceof UploadError) throw error;
      throw new UploadError(
        400,
        `${path}: the transfer broke off after ${seen.bytes} bytes (${(error as Error).message})`,
      );
    }
    const received = [...session.files.values()].filter((f) => f.state === 'received').length;
    return { path, bytes: seen.bytes, received, of: session.files.size };
  }

  private finish(uploadId: string) {
    const session = this.sessions.get(uploadId)!;
    const missing = [...session.files].filter(([, f]) => f.state !== 'received').map(([p]) => p);
    if (missing.length > 0)
      throw new UploadError(
        409,
        `${missing.length} declared file(s) have not arrived: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
        'conflict',
      );
    this.sessions.delete(uploadId);
    return { path: session.root ? join(session.dir, session.root) : session.dir };
  }

  private abandon(uploadId: string) {
    const session = this.sessions.get(uploadId)!;
    this.sessions.delete(uploadId);
    rmSync(session.dir, { recursive: true, force: true });
    return { abandoned: uploadId };
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir`, when the platform tells. */
function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}
