/**
 * Reading a scenario file from disk without hanging or exhausting memory: only a regular file is
 * read (a FIFO waits for a writer forever, /dev/zero and /dev/urandom never end), and no more
 * than MAX_FILE_BYTES of it (a regular file can grow while it is read, and /proc files report
 * size 0).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { MAX_FILE_BYTES } from "../scenario/limits.js";
import { ScenarioError } from "../scenario/types.js";

function kind(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

const tooBig = (file: string) =>
  new ScenarioError(
    file,
    "file",
    `expected a scenario file of at most ${MAX_FILE_BYTES} bytes (16 MiB)`,
  );

/** The text of `file` (UTF-8), or a ScenarioError with the place "file". */
export function readScenarioFile(file: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat
    // could refuse it. Windows has no such flag (and no FIFOs to open this way).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ScenarioError(
      file,
      "file",
      `expected a readable scenario file (${(error as Error).message})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new ScenarioError(file, "file", `expected a regular file, not ${kind(stat)}`);
    if (stat.size > MAX_FILE_BYTES) throw tooBig(file);
    // Read in chunks until the end, whatever fstat said: a file can grow while it is read, and
    // /proc files report size 0.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > MAX_FILE_BYTES) throw tooBig(file);
    }
    return Buffer.concat(chunks, length).toString("utf8");
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw new ScenarioError(
      file,
      "file",
      `expected a readable scenario file (${(error as Error).message})`,
    );
  } finally {
    closeSync(fd);
  }
}
