// e2e tests run in Debian's Chromium (Playwright's own browser download cannot work here).
// When it is missing: install it (with fonts for Georgian) if we are root, else say the command.
import { execSync } from "node:child_process";
import fs from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FONTS = "/usr/share/fonts/truetype/noto/NotoSansGeorgian-Regular.ttf";
const COMMAND = "apt-get update && apt-get install -y chromium fonts-noto-core";

if (fs.existsSync(CHROMIUM) && fs.existsSync(FONTS)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot) {
  console.error(`The browser tests need Debian's Chromium and Noto fonts. Please run:\n\n  sudo sh -c '${COMMAND}'\n`);
  process.exit(1);
}
console.log("Installing Debian's Chromium and Noto fonts for the browser tests…");
execSync(COMMAND, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
