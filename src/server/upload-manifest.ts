import { z } from 'zod';

/** Most files one upload may declare, and the longest relative path and segment it may name. */
export const MAX_UPLOAD_FILES = 200_000;
const MAX_PATH = 4096;
const MAX_SEGMENT = 255;
const MAX_DEPTH = 64;

/** Why a relative upload path is unsafe or unusable, or null when it is a plain `a/b/c` path inside the upload. */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'is empty';
  if (path.length > MAX_PATH) return `is longer than ${MAX_PATH} characters`;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return 'holds a control character or a backslash';
  if (path.startsWith('/')) return 'is absolute; upload paths are relative to the dropped folder';
  const segments = path.split('/');
  if (segments.length > MAX_DEPTH) return `is nested deeper than ${MAX_DEPTH} folders`;
  for (const segment of segments) {
    if (segment === '') return 'has an empty segment (// or a trailing /)';
    if (segment === '.' || segment === '..') return `has a '${segment}' segment`;
    if (segment.length > MAX_SEGMENT) return `has a name longer than ${MAX_SEGMENT} characters`;
  }
  return null;
}

const UploadFileSchema = z
  .object({
    path: z.string().superRefine((path, ctx) => {
      const reason = unsafePathReason(path);
      if (reason) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(path)} ${reason}` });
    }),
    bytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

/**
 * The start of an upload: every file it will send, by its path relative to the upload (a dropped folder's files
 * start with the folder's name) and its size, so the size limit is checked before a byte arrives.
 */
export const UploadBeginSchema = z
  .object({
    files: z
      .array(UploadFileSchema)
      .min(1)
      .max(MAX_UPLOAD_FILES)
      .superRefine((files, ctx) => {
        const seen = new Set<string>();
        const folders = new Set<string>();
        files.forEach((f, i) => {
          if (seen.has(f.path))
            ctx.addIssue({ code: 'custom', path: [i, 'path'], message: `${f.path} is declared twice` });
          seen.add(f.path);
          const parts = f.path.split('/');
          for (let k = 1; k < parts.length; k++) folders.add(parts.slice(0, k).join('/'));
        });
        files.forEach((f, i) => {
          if (folders.has(f.path))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'path'],
              message: `${f.path} is declared both as a file and as a folder of other files`,
            });
        });
      }),
  })
  .strict();
export type UploadBegin = z.infer<typeof UploadBeginSchema>;

/** The issues of a zod error as `files[3].path: message`, one per line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return `${where.replace(/^\./, '') || 'body'}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * The folder to import once every file is in: the one top-level folder all paths share (a dropped folder), else
 * the upload's own folder (several dropped items), or the single file (a dropped manifest), relative to it.
 */
export function importRoot(files: readonly { path: string }[]): string {
  if (files.length === 1) return files[0].path;
  const tops = new Set(files.map((f) => f.path.split('/')[0]));
  const [top] = tops;
  return tops.size === 1 && files.every((f) => f.path.includes('/')) ? top : '';
}
