import { ApiError } from '../../shared/api';
import type { DroppedFile } from '../lib/dropped-files';

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
  filesDone: number;
  files: number;
  /** The file being sent. */
  current: string;
}

interface Answer<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

function failure(status: number, answer: Answer<unknown> | undefined, what: string): ApiError {
  const message = answer?.error?.message ?? `${what} failed (HTTP ${status})`;
  return new ApiError(status === 404 ? 'not_found' : 'invalid_request', message);
}

async function post<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const answer = (await response.json().catch(() => undefined)) as Answer<T> | undefined;
  if (!response.ok || !answer?.ok) throw failure(response.status, answer, 'the upload');
  return answer.value as T;
}

/** PUT one file's bytes, reporting the bytes sent so far (XMLHttpRequest: fetch reports no upload progress). */
function put(url: string, file: File, onSent: (bytes: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onload = () => {
      let answer: Answer<unknown> | undefined;
      try {
        answer = JSON.parse(request.responseText) as Answer<unknown>;
      } catch {
        answer = undefined;
      }
      if (request.status === 200 && answer?.ok) resolve();
      else reject(failure(request.status, answer, `sending ${file.name}`));
    };
    request.onerror = () =>
      reject(new ApiError('invalid_request', `sending ${file.name}: the connection failed`));
    request.send(file);
  });
}

/**
 * Upload dropped files into the web server's home (`<home>/uploads/<id>/`, see src/server/uploads.ts) and return
 * the server path to import. The server refuses it up front when it is over the upload limit of Settings; a failed
 * upload is abandoned, so nothing half-sent stays behind.
 */
export async function uploadDropped(
  files: readonly DroppedFile[],
  onProgress: (progress: UploadProgress) => void,
): Promise<string> {
  const begun = await post<{ uploadId: string }>('/upload', {
    files: files.map((f) => ({ path: f.path, bytes: f.file.size })),
  });
  const base = `/upload/${encodeURIComponent(begun.uploadId)}`;
  const totalBytes = files.reduce((sum, f) => sum + f.file.size, 0);
  let done = 0;
  try {
    for (const [index, dropped] of files.entries()) {
      const report = (sent: number) =>
        onProgress({
          sentBytes: done + sent,
          totalBytes,
          filesDone: index,
          files: files.length,
          current: dropped.path,
        });
      report(0);
      await put(`${base}?path=${encodeURIComponent(dropped.path)}`, dropped.file, report);
      done += dropped.file.size;
    }
    onProgress({
      sentBytes: totalBytes,
      totalBytes,
      filesDone: files.length,
      files: files.length,
      current: '',
    });
    return (await post<{ path: string }>(`${base}/done`)).path;
  } catch (error) {
    await fetch(base, { method: 'DELETE' }).catch(() => undefined);
    throw error;
  }
}
