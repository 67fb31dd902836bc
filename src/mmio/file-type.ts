/**
 * What kind of file a path names, checked before opening it: opening a FIFO for reading
 * blocks until a writer comes (forever, for a path typed by mistake), so every path fbkit
 * opens on a user's word is stat'ed first and refused unless it is the kind expected.
 */
import { statSync, type Stats } from 'node:fs';

export type FileType = 'regular file' | 'directory' | 'character device' | 'block device' | 'FIFO' | 'socket';

/** The type of `path` (symlinks followed), or undefined when it cannot be stat'ed: the open that follows says why. */
export function fileType(path: string): FileType | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'directory';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isFIFO()) return 'FIFO';
  return 'socket';
}
