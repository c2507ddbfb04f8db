// Export a reference point collection with the generated Hyper-V SDK and wait for its job.
// Type-checked by test/examples.test.ts; the README shows this file.
import type { CimSession } from '@mofc/runtime';
import { Msvm_CollectionReferencePointService, Msvm_ReferencePointCollection } from 'hyperv-v2';

export async function exportReferencePoint(session: CimSession, collectionId: string, systemCollectionId: string) {
  for await (const service of Msvm_CollectionReferencePointService.enumerate(session)) {
    const { ReturnValue, finishedJob } = await Msvm_CollectionReferencePointService.ExportReferencePointAndWait(
      session,
      Msvm_CollectionReferencePointService.ref(service),
      {
        ReferencePointCollection: Msvm_ReferencePointCollection.ref({
          CollectionID: collectionId,
          VirtualSystemCollectionId: systemCollectionId,
        }),
        ExportDirectory: 'D:\\exports',
        ExportSettingData: { ElementName: 'nightly export' },
      },
      { timeoutMs: 10 * 60_000, onProgress: (percent) => console.log(`export ${percent}%`) },
    );
    return { ReturnValue, finishedJob };
  }
}
