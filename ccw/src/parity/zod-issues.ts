import type { z } from "zod";

/** A JSON pointer (RFC 6901) for a zod issue path. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path
    .map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

/** One line per issue, `file: /json/pointer: message`, at most `limit` lines. */
export function formatZodIssues(error: z.ZodError, file: string, limit = 20): string {
  const lines = error.issues
    .slice(0, limit)
    .map((issue) => `${file}: ${jsonPointer(issue.path) || "/"}: ${issue.message}`);
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more`);
  return lines.join("\n");
}
