// A mofc configuration with a `transform` hook: mofc hands every generated
// TypeScript module to it as a ts-morph SourceFile before formatting. This one
// tags each class interface with the CIM class it maps and the schema version,
// so an API report or a doc site can group the SDK by schema release.
//
//   npx mofc generate --config examples/transform/mofc.config.mjs
//
// writes a one-class Hyper-V package (plus what that class needs) to
// examples/transform/out.
export default {
  generate: {
    inputs: ['../../fixtures/hyperv/WindowsVirtualization.V2.mof'],
    classes: ['Msvm_CollectionReferencePointService'],
    out: 'out',
    packageName: 'hyperv-export-service',
    transform(sourceFile, context) {
      if (context.className === undefined) return;
      const iface = sourceFile.getInterface(context.className);
      const doc = iface?.getJsDocs()[0];
      if (!doc) return;
      doc.addTag({ tagName: 'cimClass', text: `${context.namespace}:${context.className}` });
      doc.addTag({ tagName: 'schemaVersion', text: 'WindowsVirtualization.V2' });
    },
  },
};
