import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    locale: "ka-GE",
  },
  projects: [
    {
      name: "phone",
      testIgnore: /ideas-nojs\.spec\.ts/,
      use: { ...devices["Pixel 7"], launchOptions: chromium },
    },
    {
      name: "phone-no-js",
      testMatch: /(journey|ideas-nojs|surveys-nojs)\.spec\.ts/,
      use: { ...devices["Pixel 7"], javaScriptEnabled: false, launchOptions: chromium },
    },
  ],
  webServer: {
    // The production build on a fresh database (Playwright starts this before globalSetup).
    command: "node scripts/e2e-server.js",
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
