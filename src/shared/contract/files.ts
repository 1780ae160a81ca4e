import { z } from 'zod';
import { channel } from './define';

export const FolderEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(['folder', 'file']),
  /** Size of a file in bytes; null for folders. */
  bytes: z.number().int().nullable(),
});
export type FolderEntry = z.infer<typeof FolderEntrySchema>;

export const fileChannels = {
  'files.browse': channel(
    "A folder's entries on the machine that runs the jobs (folders first, then files, by name), to pick a corpus " +
      "without typing its path; the user's home folder when no path is given. Only inside the browsable roots: the " +
      "user's home, the app's home folder and the folders of the browseRoots setting",
    z.object({ path: z.string().min(1).optional(), showHidden: z.boolean().default(false) }).strict(),
    z.object({
      /** The folder listed, absolute and normalised. */
      path: z.string(),
      /** Its parent; null at a browsable root (or the file system's root). */
      parent: z.string().nullable(),
      /** The folders browsing may start from; nothing outside them is listed. */
      roots: z.array(z.string()),
      /** The user's home folder, where browsing starts. */
      home: z.string(),
      entries: z.array(FolderEntrySchema),
      /** Entries left out beyond the listing's limit. */
      truncated: z.number().int(),
    }),
  ),
};
