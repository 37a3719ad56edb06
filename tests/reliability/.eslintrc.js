module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // A test suite, never built: __dirname is where its files are.
    'no-restricted-syntax': 'off',
    // It starts the backend plugin, as a deployment would.
    '@backstage/no-mixed-plugin-imports': 'off',
    // Set-up asserts that the backends it starts are ready.
    'jest/no-standalone-expect': 'off',
  },
});
