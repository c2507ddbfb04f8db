/** Type-checks a generated package (or extra files against it) with the TypeScript API. */
import * as path from 'node:path';
import ts from 'typescript';

export const RUNTIME_SOURCE = path.resolve(import.meta.dirname, '../../src/runtime/src/index.ts');

export interface TypeCheckResult {
  readonly errors: readonly { file: string; line: number; code: number; message: string }[];
}

/**
 * Type-checks `packageDir` with its own tsconfig (noEmit). With `runtimeFromSource`, `@mofc/runtime`
 * resolves to the runtime's TypeScript sources instead of its built `dist`.
 */
export function typeCheckPackage(
  packageDir: string,
  options: { extraFiles?: readonly string[]; runtimeFromSource?: boolean; paths?: Record<string, string[]> } = {},
): TypeCheckResult {
  const configPath = path.join(packageDir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const paths: Record<string, string[]> = { ...(options.paths ?? {}) };
  if (options.runtimeFromSource) {
    paths['@mofc/runtime'] = [RUNTIME_SOURCE];
    paths['@mofc/runtime/memory'] = [RUNTIME_SOURCE.replace(/index\.ts$/, 'memory.ts')];
  }
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    // Generated code must not leave unused imports or locals behind.
    noUnusedLocals: true,
    noUnusedParameters: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    rootDir: undefined,
    // Packages generated outside the repository find @types/node here.
    typeRoots: [path.resolve(import.meta.dirname, '../../node_modules/@types')],
    ...(Object.keys(paths).length > 0 ? { paths } : {}),
  };
  const program = ts.createProgram([...parsed.fileNames, ...(options.extraFiles ?? [])], compilerOptions);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return {
    errors: diagnostics.map((d) => {
      const file = d.file ? path.relative(packageDir, d.file.fileName) : '';
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return { file, line, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
    }),
  };
}
