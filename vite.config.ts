import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixConfig)],
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname, "#db": new URL("./db", import.meta.url).pathname },
  },
  // No data: URLs for small files: the Content-Security-Policy allows fonts and images from this site only.
  build: { target: "es2020", assetsInlineLimit: 0 },
});
