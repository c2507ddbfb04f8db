/**
 * The user's post-processing hook (`transform` in `mofc.config.*`): each
 * generated TypeScript module is handed to it as a ts-morph `SourceFile`, in an
 * in-memory project, before formatting. The hook edits the file in place
 * (add JSDoc tags, decorators, exports…); its text is what gets formatted and
 * written. Only loaded when a hook is configured.
 */
import { Project, type SourceFile } from 'ts-morph';
import type { RenderedFile } from './render.js';

export interface TransformContext {
  /** The module's path in the package, `/`-separated (`src/classes/Msvm_ComputerSystem.ts`). */
  readonly path: string;
  /** The CIM class the module is for; `undefined` for the package's other modules (index, registry…). */
  readonly className: string | undefined;
  readonly packageName: string;
  /** The CIM namespace generated, `/`-separated. */
  readonly namespace: string;
}

/** A hook edits `sourceFile` in place; it may be async. What it throws fails the generation (MOF4013). */
export type SourceFileTransform = (sourceFile: SourceFile, context: TransformContext) => void | Promise<void>;

export class TransformError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs `transform` over every TypeScript module of the package, one at a time, in path order. */
export async function applyTransform(
  files: readonly RenderedFile[],
  transform: SourceFileTransform,
  info: { readonly packageName: string; readonly namespace: string },
): Promise<RenderedFile[]> {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const out: RenderedFile[] = [];
  for (const file of files) {
    if (!file.path.endsWith('.ts')) {
      out.push(file);
      continue;
    }
    const sourceFile = project.createSourceFile(`/${file.path}`, file.text, { overwrite: true });
    const className = /^src\/classes\/([^/]+)\.ts$/.exec(file.path)?.[1];
    try {
      await transform(sourceFile, { path: file.path, className, packageName: info.packageName, namespace: info.namespace });
    } catch (error) {
      throw new TransformError(file.path, error);
    }
    out.push({ ...file, text: sourceFile.getFullText() });
    // One file at a time keeps memory flat on large schemas.
    project.removeSourceFile(sourceFile);
  }
  return out;
}
