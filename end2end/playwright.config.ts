import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// Browser tests run against the release build (the one users get: wasm-opt'ed, precompressed),
// served by the real server binary on a fresh SQLite database with the demo data.
// scripts/test.sh builds it first; PASSERELLE_SERVER and LEPTOS_SITE_ROOT say where it is.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dbDir = process.env.E2E_DB_DIR ?? path.join(os.tmpdir(), `passerelle-e2e-${process.pid}`);
const server = process.env.PASSERELLE_SERVER ?? '../target/release/passerelle-server';
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? '../target/site';
export const fcPort = Number(process.env.E2E_FC_PORT ?? 9111);
export const pcPort = Number(process.env.E2E_PC_PORT ?? 9112);
const oidcClients = {
  FRANCECONNECT_CLIENT_ID: 'passerelle-e2e-fc',
  FRANCECONNECT_CLIENT_SECRET: 'e2e-franceconnect-secret-0123456789',
  PROCONNECT_CLIENT_ID: 'passerelle-e2e-pc',
  PROCONNECT_CLIENT_SECRET: 'e2e-proconnect-secret-0123456789',
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A `test.only` left in a commit would silently run one test in CI: refuse it there.
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 360, height: 740 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [
  {
    // FranceConnect and ProConnect stand-ins (end2end/oidc-provider.mjs): real OpenID providers.
    command: 'node oidc-provider.mjs',
    url: `http://127.0.0.1:${fcPort}/.well-known/openid-configuration`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PUBLIC_URL: baseURL, FC_PORT: String(fcPort), PC_PORT: String(pcPort), ...oidcClients },
  },
  {
    command: `rm -rf "${dbDir}" && mkdir -p "${dbDir}" && "${server}" serve`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_URL: `sqlite://${dbDir}/e2e.db`,
      LISTEN_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      PASSERELLE_ENV: 'development',
      DEMO_DATA: 'true',
      RUST_LOG: 'warn',
      PUBLIC_URL: baseURL,
      FRANCECONNECT_ISSUER: `http://127.0.0.1:${fcPort}`,
      PROCONNECT_ISSUER: `http://127.0.0.1:${pcPort}`,
      ...oidcClients,
    },
  },
  ],
});
