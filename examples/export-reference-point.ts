// Export a Hyper-V reference point collection (a VM group's recovery point) to a directory.
// Usage: npm run example:export -- <collection name> <export directory>
// Connection: MOFC_WSMAN_URL, MOFC_WSMAN_USER, MOFC_WSMAN_PASSWORD, MOFC_WSMAN_AUTH (basic | ntlm).
// Run by test/examples.test.ts against the simulator; the README shows the region marked below.
import { pathToFileURL } from 'node:url';
// #region readme
import { CimError, CimJobError, WsmanSession, type CimSession, type JobWarning } from '@mofc/runtime';
import {
  Msvm_CollectionReferencePointService,
  Msvm_ReferencePointCollection,
  registry,
  type Msvm_CollectionReferencePointExportJob,
} from 'hyperv-v2';

export interface ExportOptions {
  readonly onProgress?: (percent: number) => void;
  readonly onWarning?: (warning: JobWarning) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** Exports the reference point collection named `collectionName`; resolves with the files the job wrote. */
export async function exportReferencePoint(session: CimSession, collectionName: string, exportDirectory: string, options: ExportOptions = {}) {
  const quoted = collectionName.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const filter = `SELECT * FROM Msvm_ReferencePointCollection WHERE ElementName = '${quoted}'`;
  let collection: Msvm_ReferencePointCollection | undefined;
  for await (const c of Msvm_ReferencePointCollection.enumerate(session, { filter })) collection = c;
  if (!collection) throw new Error(`no reference point collection named "${collectionName}"`);

  let service: Msvm_CollectionReferencePointService | undefined;
  for await (const s of Msvm_CollectionReferencePointService.enumerate(session)) service = s;
  if (!service) throw new Error('this host has no Msvm_CollectionReferencePointService');

  const { ReturnValue, finishedJob } = await Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
    session,
    Msvm_CollectionReferencePointService.ref({
      CreationClassName: service.CreationClassName,
      Name: service.Name,
      SystemCreationClassName: service.SystemCreationClassName,
      SystemName: service.SystemName,
    }),
    {
      ReferencePointCollection: Msvm_ReferencePointCollection.ref({
        CollectionID: collection.CollectionID,
        VirtualSystemCollectionId: collection.VirtualSystemCollectionId,
      }),
      ExportDirectory: exportDirectory,
      ExportSettingData: { ElementName: `export of ${collectionName}` },
    },
    {
      // The package registry knows every job class, so the finished job keeps Hyper-V's properties.
      registry,
      timeoutMs: options.timeoutMs ?? 2 * 60 * 60_000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    },
  );
  const job = finishedJob as Msvm_CollectionReferencePointExportJob | undefined;
  const files = [
    ...(job?.ExportedConfigFilePaths ?? []),
    ...(job?.ExportedLogFilePaths ?? []),
    ...(job?.ExportedRuntimeFilePaths ?? []),
    ...(job?.ExportedGuestStateFilePaths ?? []),
  ];
  return { ReturnValue, job, files };
}
// #endregion readme

function progressBar(percent: number): string {
  const filled = Math.round(percent / 5);
  return `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(percent).padStart(3)}%`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [collectionName, exportDirectory] = argv;
  const { MOFC_WSMAN_URL: url, MOFC_WSMAN_USER: username, MOFC_WSMAN_PASSWORD: password, MOFC_WSMAN_AUTH: auth = 'ntlm' } = process.env;
  if (!collectionName || !exportDirectory || !url || !username || password === undefined || (auth !== 'basic' && auth !== 'ntlm')) {
    console.error('usage: export-reference-point <collection name> <export directory>');
    console.error('environment: MOFC_WSMAN_URL, MOFC_WSMAN_USER, MOFC_WSMAN_PASSWORD, MOFC_WSMAN_AUTH=basic|ntlm (default ntlm)');
    return 2;
  }
  const session = new WsmanSession({ url, username, password, authentication: auth, namespace: 'root/virtualization/v2', onWarning: () => {} });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted')));
  try {
    const result = await exportReferencePoint(session, collectionName, exportDirectory, {
      signal: controller.signal,
      onProgress: (percent) => process.stderr.write(process.stderr.isTTY ? `\r${progressBar(percent)}` : `${progressBar(percent)}\n`),
      onWarning: (warning) => console.error(`warning: ${warning.message}`),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!result.job) console.log(`exported to ${exportDirectory} (completed synchronously)`);
    else console.log(`exported ${result.files.length} files:\n${result.files.map((f) => `  ${f}`).join('\n')}`);
    return 0;
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (!(error instanceof Error)) throw error;
    console.error(`${error.name}${error instanceof CimError ? ` [${error.code}]` : ''}: ${error.message}`);
    if (error instanceof CimJobError) for (const e of error.errors) console.error(`  ${String(e.properties.Message)}`);
    return 1;
  } finally {
    await session.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
