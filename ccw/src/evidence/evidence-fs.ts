import fs from "node:fs/promises";

/** What the gate needs to know of a file system entry. */
export interface EvidenceStats {
  readonly size: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** A directory entry, as `readdir(dir, { withFileTypes: true })` gives it. */
export interface EvidenceDirent {
  readonly name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The file system calls the gate makes; node's by default, memfs or a fault injector in tests. */
export interface EvidenceFs {
  readFile(file: string): Promise<Uint8Array>;
  realpath(file: string): Promise<string>;
  stat(file: string): Promise<EvidenceStats>;
  lstat(file: string): Promise<EvidenceStats>;
  readlink(file: string): Promise<string>;
  readdir(dir: string): Promise<EvidenceDirent[]>;
}

/** The real file system. */
export const nodeEvidenceFs: EvidenceFs = {
  readFile: (file) => fs.readFile(file),
  realpath: (file) => fs.realpath(file),
  stat: (file) => fs.stat(file),
  lstat: (file) => fs.lstat(file),
  readlink: (file) => fs.readlink(file),
  readdir: (dir) => fs.readdir(dir, { withFileTypes: true }),
};
