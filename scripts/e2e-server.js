// Starts the built server for the browser tests on a fresh database, in production mode.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const database = path.resolve("data/e2e/khma.sqlite");
fs.rmSync(path.dirname(database), { recursive: true, force: true });
fs.mkdirSync(path.dirname(database), { recursive: true });

const child = spawn(process.execPath, ["build/server.js"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: process.env.E2E_PORT ?? "3100",
    HOST: "127.0.0.1",
    DATABASE_PATH: database,
    SESSION_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
    KHMA_DEMO_ACCOUNTS: "1",
    // Each test browser says which (documentation-range) address it is, so limits per IP can be tested.
    TRUST_PROXY: "loopback",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
