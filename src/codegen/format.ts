/**
 * Prettier, loaded lazily, with one fixed configuration: output must not
 * depend on a `.prettierrc` that happens to sit above the output directory.
 */
import type { Options } from 'prettier';

export const PRETTIER_OPTIONS: Options = {
  parser: 'babel-ts',
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  endOfLine: 'lf',
};

export type Formatter = (text: string, path: string) => Promise<string>;

export async function loadFormatter(): Promise<Formatter> {
  const prettier = await import('prettier');
  return (text) => prettier.format(text, PRETTIER_OPTIONS);
}
