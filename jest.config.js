// Three projects: pure unit specs beside the code, integration specs on the real
// PostgreSQL/Redis, and end-to-end runs across built apps in test/.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];
// The console's React components (apps/web), for specs that render them.
const swcTsx = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }];
const base = {
  transform: { '^.+\\.ts$': swc, '^.+\\.tsx$': swcTsx },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  moduleNameMapper: { '^@fleetgate/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: '<rootDir>/test/setup/typed-array.environment.js',
  rootDir: __dirname,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
module.exports = {
  // Hooks that start an api or a database need more than jest's 5 s on a loaded 2-core machine.
  testTimeout: 60_000,
  projects: [
    // The console's component specs are .spec.tsx and pick the jsdom environment in their docblock.
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.{ts,tsx}'], setupFiles: ['<rootDir>/test/setup/jsdom-globals.js'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
