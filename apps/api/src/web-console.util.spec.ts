import { isConsoleRoute } from './web-console.util';

describe('isConsoleRoute', () => {
  it('answers client routes with the console', () => {
    expect(isConsoleRoute('GET', '/')).toBe(true);
    expect(isConsoleRoute('GET', '/machines/PLT1-0001?range=7d')).toBe(true);
    expect(isConsoleRoute('HEAD', '/fleet')).toBe(true);
  });

  it('never swallows the api, files or writes', () => {
    expect(isConsoleRoute('GET', '/api')).toBe(false);
    expect(isConsoleRoute('GET', '/api/no-such-route')).toBe(false);
    expect(isConsoleRoute('GET', '/assets/index-abc.js')).toBe(false);
    expect(isConsoleRoute('POST', '/fleet')).toBe(false);
  });
});
