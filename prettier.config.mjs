/**
 * Matches how the code was already written: single quotes, semicolons, trailing commas, long lines.
 * 150 is the width at which formatting the existing code changed the fewest lines.
 * @type {import('prettier').Config}
 */
const config = {
  singleQuote: true,
  printWidth: 150,
};

export default config;
