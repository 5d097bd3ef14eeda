/**
 * Export writes only new regular files inside `--out`, and nothing at all when it refuses.
 *
 * | what                          | holds                                                            |
 * |-------------------------------|------------------------------------------------------------------|
 * | `--out` itself                | a path the user typed: followed (a link to a folder is that       |
 * |                               | folder), created when missing; everything below it is checked     |
 * | the folder before export      | empty, or holding nothing but `.git` (a fresh `git init`);        |
 * |                               | anything else is named and nothing is written (checkFolder)       |
 * | each folder export creates    | mkdir without following; one already there must really be inside |
 * |                               | the real `--out` (realpath), or the write is refused              |
 * | each file                     | opened O_CREAT, O_EXCL, O_NOFOLLOW ('wx', no link): a file or a   |
 * |                               | link already there is refused, never written over or through;    |
 * |                               | after the open, the file must be the one at its real place        |
 *
 * The folder check comes before export reads the tenant; the open flags and the real-path check hold
 * even when something appears in the folder after it (a race): the write stops at that path, and
 * nothing is adopted into state.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { FolderError } from './errors';

/** What may be in the folder already: a repository's own folder (or file, for a worktree). */
const ALLOWED = new Set(['.git']);

/** A name as the user should read it: as is when plain, else quoted with its escapes. */
const shown = (s: string) => (/^[\x21-\x7e][\x20-\x7e]*$/.test(s) && !s.endsWith(' ') ? s : JSON.stringify(s));

/**
 * The folder export may write a new app into: it does not exist, or it is a folder holding nothing
 * but `.git`. Throws FolderError naming what is in the way.
 */
export function checkFolder(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A dangling link or a missing folder: mkdir will say which, before the first byte.
      return;
    }
    if (code === 'ENOTDIR')
      throw new FolderError(`--out ${dir} is not a folder: export writes a new app into an empty folder. Choose another --out.`);
    throw new FolderError(
      `--out ${dir} cannot be read (${code ?? 'error'}): export writes a new app into an empty folder it can read. Choose another --out.`,
    );
  }
  const inTheWay = entries.filter((e) => !ALLOWED.has(e)).sort();
  if (inTheWay.length === 0) return;
  const listed = inTheWay.slice(0, 5).map(shown).join(', ') + (inTheWay.length > 5 ? ` and ${inTheWay.length - 5} more` : '');
  throw new FolderError(
    `${dir} already holds ${listed}: export writes a new app only into an empty folder (or one holding nothing but .git), and never over or through what is there. Choose another --out, or move them away.`,
  );
}

/** A path export writes, relative to the folder: plain names, no `..`, nothing under `.git`. */
function checkedParts(rel: string): string[] {
  const parts = rel.split('/');
  if (
    isAbsolute(rel) ||
    rel.includes('\\') ||
    rel.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..') ||
    ALLOWED.has(parts[0] as string)
  ) {
    throw new Error(`export would write ${JSON.stringify(rel)}, which is not a plain path inside the app's folder`);
  }
  return parts;
}

/** New regular files in one folder (the real location of `--out`), each written once. */
export class NewFiles {
  private readonly root: string;

  private constructor(root: string) {
    this.root = root;
  }

  /** The folder, created when missing (the user's path is followed, as `cd` would). */
  static open(dir: string): NewFiles {
    try {
      mkdirSync(dir, { recursive: true });
      return new NewFiles(realpathSync(dir));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new FolderError(
        `--out ${dir} cannot be made a folder (${code === 'EEXIST' ? 'a link to nowhere, or a file' : (code ?? 'error')}). Choose another --out.`,
      );
    }
  }

  /** Where a path really is, for messages. */
  private where(rel: string): string {
    return join(this.root, ...rel.split('/'));
  }

  /**
   * The folder `rel` (relative, `/`-separated) and its parents, made without following a link; one
   * already there must really be inside the folder.
   */
  mkdirs(rel: string): void {
    const parts = checkedParts(rel);
    for (let i = 1; i <= parts.length; i++) {
      const path = this.where(parts.slice(0, i).join('/'));
      try {
        mkdirSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new FolderError(
            `export cannot make the folder ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}); nothing was adopted.`,
          );
      }
      this.inside(path);
    }
  }

  /** A folder's real location, which must be the folder itself or inside it. */
  private inside(path: string): string {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (e) {
      throw new FolderError(
        `${path} cannot be resolved (${(e as NodeJS.ErrnoException).code ?? 'error'}): export writes only inside ${this.root}; nothing was adopted.`,
      );
    }
    const r = relative(this.root, real);
    if (r === '..' || r.startsWith(`..${sep}`) || isAbsolute(r)) {
      throw new FolderError(
        `${path} leads outside ${this.root} (to ${real}): export writes only inside the app's folder, never through a link out of it. Nothing was adopted; remove the link.`,
      );
    }
    if (!lstatSync(real).isDirectory())
      throw new FolderError(`${path} is not a folder: export writes only new files inside ${this.root}; nothing was adopted.`);
    return real;
  }

  /** A new regular file: refused when anything (a file, a link, a folder) is at its path. */
  write(rel: string, content: string | Buffer): void {
    const parts = checkedParts(rel);
    if (parts.length > 1) this.mkdirs(parts.slice(0, -1).join('/'));
    const path = this.where(rel);
    let fd: number;
    try {
      // wx, and no link even as the last part of the path.
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ELOOP')
        throw new FolderError(
          `${path} already exists: export never writes over a file or through a link. Nothing was adopted; export into an empty folder.`,
        );
      throw new FolderError(`export cannot create ${path} (${code ?? 'error'}); nothing was adopted.`);
    }
    try {
      // The file opened is the one at its real place, inside: no folder on its way was swapped for
      // a link since mkdirs looked (at worst that left an empty new file behind the link).
      const opened = fstatSync(fd);
      let there: { ino: number; dev: number } | undefined;
      try {
        there = lstatSync(join(this.inside(dirname(path)), parts[parts.length - 1] as string));
      } catch (e) {
        if (e instanceof FolderError) throw e;
      }
      if (!there || opened.ino !== there.ino || opened.dev !== there.dev) {
        throw new FolderError(
          `${path} moved while export wrote it (a folder on its way was replaced): export writes only inside ${this.root}. Nothing was adopted.`,
        );
      }
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    } finally {
      closeSync(fd);
    }
  }
}
