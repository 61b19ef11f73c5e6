/**
 * Reading files that ccw finds by itself (a session's state.json, a status file, a settings
 * file) without ever blocking: a named pipe in their place would make a plain read wait for a
 * writer that never comes, and a hook or a status line must never hang. The file is opened
 * non-blocking and checked with fstat before it is read, so a FIFO, socket or device is an
 * error at once. Folders keep their usual EISDIR error.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";

// O_NONBLOCK makes opening a FIFO return at once; it changes nothing for a regular file.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The error for a path that is neither a file nor a folder. */
function notRegularFile(): Error {
  return new Error("not a regular file (a FIFO, socket or device)");
}

/** The UTF-8 text of `file`; throws for anything but a regular file, without blocking. */
export function readRegularFileSync(file: string): string {
  const fd = openSync(file, READ_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() && !stats.isDirectory()) throw notRegularFile();
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/** The UTF-8 text of `file`; rejects anything but a regular file, without blocking. */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await open(file, READ_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile() && !stats.isDirectory()) throw notRegularFile();
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
