/** A file of a drop with its path relative to what was dropped (`corpus/audio/a.wav` for a dropped `corpus`). */
export interface DroppedFile {
  path: string;
  file: File;
}

/** The entries of a drop. Call it inside the drop event itself: the browser empties the DataTransfer after it. */
export function droppedEntries(transfer: DataTransfer): FileSystemEntry[] {
  return [...transfer.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
}

const readBatch = (reader: FileSystemDirectoryReader) =>
  new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));

const fileOf = (entry: FileSystemFileEntry) =>
  new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Every file under the dropped entries, folders walked depth first (a reader answers in batches until empty). */
export async function droppedFiles(entries: readonly FileSystemEntry[]): Promise<DroppedFile[]> {
  const out: DroppedFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix + entry.name;
    if (entry.isFile) {
      out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader))
      for (const child of batch) await walk(child, `${path}/`);
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}
