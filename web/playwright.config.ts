import { defineConfig } from '@playwright/test'

// The tests run against a live sanxiang server (the C++ binary serving web/dist and the API).
// Whoever starts that server says where it listens; nothing here starts or mocks it.
const baseURL = process.env.SANXIANG_BASE_URL
if (!baseURL) {
  throw new Error(
    'SANXIANG_BASE_URL is not set: start the sanxiang server and set it to the server URL, ' +
      'e.g. SANXIANG_BASE_URL=http://127.0.0.1:8080 npm run test:e2e',
  )
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  // An upper bound, not a wait: on a busy 2-core CI machine a sign-in (argon2id, 64 MiB) plus the
  // first page load can take longer than Playwright's default 5 s.
  expect: { timeout: 15_000 },
  fullyParallel: false,
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Debian's Chromium, not a Playwright-downloaded browser (none can be downloaded here).
    launchOptions: {
      executablePath: process.env.SANXIANG_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
