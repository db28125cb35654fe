// Fails the build when zod reaches the browser. Nothing on the client validates with zod (the
// forms are checked by the actions), but a client module that imports a constant from a file
// which also builds a schema brings all of zod along (about 23 kB brotli). Schemas live in
// *.server.ts modules; this catches what that rule misses. Run after `remix vite:build`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? "build/client/assets";
// Names zod gives its classes at run time: they survive minification, and nothing else has them.
const MARKERS = ["$ZodType", "ZodError"];

const found = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
  const code = readFileSync(path.join(dir, file), "utf8");
  const marker = MARKERS.find((m) => code.includes(m));
  if (marker) found.push(`${path.join(dir, file)} (contains "${marker}")`);
}

if (found.length > 0) {
  console.error(
    `zod is in the client bundle:\n  ${found.join("\n  ")}\n` +
      "Some module the browser loads imports zod: keep schemas in *.server.ts modules and import only constants, pure functions and types (import type) from client code.",
  );
  process.exit(1);
}
console.log(`No zod in the client bundle (${dir}).`);
