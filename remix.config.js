// The Remix options. The Vite plugin does not read this file by itself:
// vite.config.ts imports it, so this is the one place to change them.
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.*", "**/.*"],
  serverModuleFormat: "esm",
  // Single Fetch stays off: loaders return json() with explicit status and headers.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
