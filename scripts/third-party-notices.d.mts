// Types of third-party-notices.mjs, for its test.
import type { Metafile } from "esbuild";

export interface PackageNotice {
  name: string;
  version: string;
  license: string;
  text: string | undefined;
}
export declare const ALLOWED_LICENSES: Set<string>;
export declare function bundledPackageDirs(root: string, metafiles: readonly Metafile[]): string[];
export declare function packageNotice(dir: string): PackageNotice;
export declare function renderNotices(notices: readonly PackageNotice[]): string;
