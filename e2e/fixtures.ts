/**
 * Shared e2e fixture: every page records console errors and every request it makes, and each test
 * fails if a request left the app's own origin or the console reported an error.
 */
import { test as base, expect } from '@playwright/test';

export interface PageLog {
  errors: string[];
  foreignRequests: string[];
  requests: string[];
  /** Console errors a test provokes on purpose (a blocked request, say). */
  expectErrors: (pattern: RegExp) => void;
}

export const test = base.extend<{ log: PageLog }>({
  log: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const expected: RegExp[] = [];
      const log: PageLog = {
        errors: [],
        foreignRequests: [],
        requests: [],
        expectErrors: (pattern) => expected.push(pattern),
      };
      page.on('console', (message) => {
        if (message.type() === 'error') log.errors.push(message.text());
      });
      page.on('pageerror', (error) => log.errors.push(error.message));
      page.on('request', (request) => {
        const url = request.url();
        log.requests.push(url);
        if (/^(data|blob|about):/.test(url)) return;
        if (new URL(url).origin !== origin) log.foreignRequests.push(url);
      });
      await use(log);
      expect(log.foreignRequests, 'requests that left the app origin').toEqual([]);
      const unexpected = log.errors.filter(
        (text) => !expected.some((pattern) => pattern.test(text)),
      );
      expect(unexpected, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
