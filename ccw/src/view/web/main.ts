/** The page's entry: routes `#/` (the sessions) and `#/s/<id>[/<step>]` (a session), live. */
import "./style.css";
import { showList } from "./list-page.js";
import { connectLive } from "./live.js";
import { showSession } from "./session-page.js";

let stop: () => void = () => {};

function route(): void {
  const app = document.getElementById("app");
  if (!app) return;
  stop();
  const hash = location.hash.replace(/^#/, "") || "/";
  const session = /^\/s\/([^/?]+)(?:\/(\d+))?$/.exec(hash);
  if (session) {
    const id = decodeURIComponent(session[1] ?? "");
    const step = session[2] === undefined ? undefined : Number(session[2]) - 1;
    document.title = `${id} · ccw view`;
    stop = showSession(app, id, step);
    return;
  }
  const status = /[?&]status=([a-z]+)/.exec(hash)?.[1] ?? "";
  document.title = "Sessions · ccw view";
  stop = showList(app, status);
}

const indicator = document.getElementById("live");
if (indicator) connectLive(indicator);
window.addEventListener("hashchange", route);
route();
