/**
 * Writing the files state and plans live in: atomically (temp file, fsync, rename), and never
 * through a symbolic link or into anything but a regular file (a pull request can add links).
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname } from 'node:path';
import { StateError } from './format';

/** What a file on the way is, for messages. */
function kindOf(st: Stats): string {
  return st.isDirectory()
    ? 'a directory'
    : st.isFIFO()
      ? 'a FIFO'
      : st.isCharacterDevice() || st.isBlockDevice()
        ? 'a device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
}

/**
 * Where a write to `file` lands: the file itself, or, through a symbolic link, the regular file it
 * points at (the link stays and sees the new content). Anything but a regular file is refused.
 */
function writeTarget(file: string): string {
  const link = lstatSync(file, { throwIfNoEntry: false });
  if (!link) return file;
  if (link.isSymbolicLink()) {
    // A link a pull request adds (or a dangling one) could point anywhere: state and plans are written
    // only where they are seen to be. (Folders on the way are followed, as a cd would.)
    throw new StateError(
      `${file} is a symbolic link (to ${readlinkSync(file)}); intune-scep writes only regular files, never through a link. Remove the link, or give the path of a regular file.`,
    );
  }
  if (!link.isFile()) throw new StateError(`${file} is ${kindOf(link)}; intune-scep writes only regular files. Give a file path.`);
  return file;
}

/** Open a file for writing without following a link at its last step (ELOOP: refused, one line). */
export function openNoFollow(file: string, flags: number): number {
  try {
    return openSync(file, flags | constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP')
      throw new StateError(`${file} is a symbolic link; intune-scep writes only regular files, never through a link. Remove the link.`);
    throw e;
  }
}

/** Append `text` to `file` (created when missing), never through a link. */
export function appendNoFollow(file: string, text: string): void {
  const fd = openNoFollow(file, constants.O_APPEND);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Write `text` to `file` atomically: a temp file beside the target, fsync, rename. Only regular files
 * are written, never through a symbolic link; the temp file is removed on every failure path.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = writeTarget(file);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new StateError(`cannot create the folder of ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const tmp = `${target}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new StateError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Nothing was changed.`);
  }
}

/** Write a value atomically as JSON (plans use this too). */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
