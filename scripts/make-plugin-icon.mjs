#!/usr/bin/env node
// Draws the Claude Code plugin's icon (plugins/codex-coordinator/assets/icon.png): a 512 x 512
// PNG, written with node:zlib alone. A dark rounded square holds a chain of three prompt
// "links" joined by a bar, the last one filled: a chain of Codex steps, the last one done.
// Run it again after changing the drawing; tests/plugin/plugin-files.test.ts checks that the
// committed file is what this script draws.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 512;

/** The icon as PNG bytes (deterministic). */
export function drawIcon(size = SIZE) {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = size / 512;
  const put = (x, y, [r, g, b], alpha) => {
    const at = (y * size + x) * 4;
    const a = alpha / 255;
    const under = pixels[at + 3] / 255;
    const out = a + under * (1 - a);
    const mix = (top, bottom) =>
      out === 0 ? 0 : Math.round((top * a + bottom * under * (1 - a)) / out);
    pixels[at] = mix(r, pixels[at]);
    pixels[at + 1] = mix(g, pixels[at + 1]);
    pixels[at + 2] = mix(b, pixels[at + 2]);
    pixels[at + 3] = Math.round(out * 255);
  };
  // Coverage of a pixel by a shape given as a signed distance (negative inside), anti-aliased.
  const cover = (distance) => Math.max(0, Math.min(1, 0.5 - distance));
  const roundedSquare = (x, y, margin, radius) => {
    const half = size / 2 - margin;
    const dx = Math.max(Math.abs(x - size / 2) - (half - radius), 0);
    const dy = Math.max(Math.abs(y - size / 2) - (half - radius), 0);
    return Math.hypot(dx, dy) - radius;
  };
  const links = [124, 256, 388].map((cx) => cx * scale);
  const cy = 256 * scale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const background = cover(roundedSquare(px, py, 16 * scale, 96 * scale));
      if (background > 0) {
        // A vertical gradient from slate to near black.
        const t = py / size;
        const colour = [Math.round(38 - 20 * t), Math.round(44 - 24 * t), Math.round(66 - 34 * t)];
        put(x, y, colour, Math.round(background * 255));
      }
      // The bar joins the links from the outside: it stops at each ring's hole.
      const hole = Math.min(...links.map((cx) => Math.hypot(px - cx, py - cy))) - 29 * scale;
      const bar = Math.max(
        Math.abs(py - cy) - 10 * scale,
        Math.max(links[0] - px, px - links[2]),
        -hole,
      );
      const barCover = cover(bar);
      if (barCover > 0) put(x, y, [122, 132, 160], Math.round(barCover * 255));
      links.forEach((cx, index) => {
        const distance = Math.hypot(px - cx, py - cy);
        const ring = Math.abs(distance - 40 * scale) - 11 * scale;
        const last = index === links.length - 1;
        const shape = last ? distance - 51 * scale : ring;
        const amount = cover(shape);
        if (amount > 0) {
          put(x, y, last ? [217, 119, 87] : [236, 238, 244], Math.round(amount * 255));
        }
      });
    }
  }
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const target = path.join(root, "plugins", "codex-coordinator", "assets", "icon.png");
  writeFileSync(target, drawIcon());
  process.stdout.write(`wrote ${path.relative(root, target)}\n`);
}
