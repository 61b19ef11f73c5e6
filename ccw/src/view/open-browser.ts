/** Opens a URL in the user's browser with the platform's opener; the URL is an argument, never shell text. */
import { spawn } from "node:child_process";

/** The opener command of a platform. */
export function openerFor(platform: NodeJS.Platform): readonly string[] {
  if (platform === "darwin") return ["open"];
  if (platform === "win32") return ["rundll32", "url.dll,FileProtocolHandler"];
  return ["xdg-open"];
}

/** Starts the opener; resolves false when it could not be started or failed at once. */
export function openBrowser(
  url: string,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const [command, ...args] = openerFor(platform);
  if (command === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { stdio: "ignore", detached: true });
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}
