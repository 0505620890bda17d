import { isConsoleRoute } from './web-console.util';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('isConsoleRoute', () => {
  it('answers client routes with the console', () => {
    expect(isConsoleRoute('GET', '/', HTML)).toBe(true);
    expect(isConsoleRoute('GET', '/machines/PLT1-0001?range=7d', HTML)).toBe(true);
    expect(isConsoleRoute('HEAD', '/fleet', HTML)).toBe(true);
  });

  it('never swallows the api, files or writes', () => {
    expect(isConsoleRoute('GET', '/api', HTML)).toBe(false);
    expect(isConsoleRoute('GET', '/api/no-such-route', HTML)).toBe(false);
    expect(isConsoleRoute('GET', '/assets/index-abc.js', HTML)).toBe(false);
    expect(isConsoleRoute('POST', '/fleet', HTML)).toBe(false);
  });

  it('answers only requests that ask for HTML: a scraper at /metrics gets the api 404', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect(isConsoleRoute('GET', '/fleet', browser)).toBe(true);
    expect(isConsoleRoute('GET', '/metrics', 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')).toBe(false);
    expect(isConsoleRoute('GET', '/fleet', '*/*')).toBe(false);
    expect(isConsoleRoute('GET', '/fleet', undefined)).toBe(false);
  });
});
