/** The HTML shell of the page and its static assets (built by scripts/build.mjs into ccw/dist/view). */

/** The assets the server serves, by URL path: file name in the assets folder and type. */
export const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/app.css": { file: "app.css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { file: "favicon.svg", type: "image/svg+xml" },
};

/**
 * The page: an empty shell that app.js fills. The token is in a meta tag so the script can
 * send it with actions (the cookie carries it for everything else).
 */
export function pageHtml(token: string, workspace: string): string {
  const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ccw-token" content="${escaped(token)}">
<title>ccw view · ${escaped(workspace)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header class="top"><a href="#/" class="brand">ccw view</a><span class="workspace">${escaped(workspace)}</span><span id="live" class="live" title="live updates">connecting…</span></header>
<main id="app"><p class="muted">Loading…</p></main>
<noscript>ccw view needs JavaScript.</noscript>
</body>
</html>
`;
}
