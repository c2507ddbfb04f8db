import type { DiagnosticDefinition } from '../diagnostic.js';
import { semanticQualifierDiagnostics } from './semantic-qualifiers.js';

/**
 * Semantic diagnostics of the schema model (MOF3001–MOF3199): classes,
 * inheritance, overrides, references, methods, instances, namespaces, pragmas
 * and amendments. Qualifier and enumeration diagnostics (MOF3200–MOF3399) are
 * in `semantic-qualifiers.ts` and spread in below.
 *
 * - MOF300x: classes and inheritance
 * - MOF301x: overrides and redeclared members
 * - MOF302x: references and embedded objects/instances
 * - MOF303x: keys
 * - MOF305x: instances, values and aliases
 * - MOF307x: namespaces
 * - MOF308x: Microsoft class pragmas (classflags, deleteclass)
 * - MOF309x: Microsoft amendments (`.mfl`)
 * - MOF310x: dialect
 * - MOF311x: qualifier declarations
 */
export const semanticModelDiagnostics = {
  // --- classes and inheritance ---------------------------------------------
  duplicateClass: {
    code: 'MOF3001',
    severity: 'error',
    message: "class '{0}' is already declared in namespace '{1}'",
  },
  missingSuperclass: {
    code: 'MOF3002',
    severity: 'error',
    message: "superclass '{0}' of class '{1}' is not declared in namespace '{2}'",
  },
  inheritanceCycle: {
    code: 'MOF3003',
    severity: 'error',
    message: "class '{0}' inherits from itself: {1}",
  },
  duplicateProperty: {
    code: 'MOF3004',
    severity: 'error',
    message: "property '{0}' is declared more than once in class '{1}'",
  },
  duplicateMethod: {
    code: 'MOF3005',
    severity: 'error',
    message: "method '{0}' is declared more than once in class '{1}'",
  },
  duplicateParameter: {
    code: 'MOF3006',
    severity: 'error',
    message: "parameter '{0}' is declared more than once in method '{1}'",
  },
  memberKindClash: {
    code: 'MOF3007',
    severity: 'error',
    message: "'{0}' is both a property and a method of class '{1}'",
  },

  // --- overrides --------------------------------------------------------------
  overrideNotFound: {
    code: 'MOF3010',
    severity: 'error',
    message: "Override(\"{0}\") on '{1}': no superclass of '{2}' has a {3} named '{0}'",
  },
  overrideNameMismatch: {
    code: 'MOF3011',
    severity: 'error',
    message: "Override(\"{0}\") on '{1}' names a different element; an overriding {2} keeps the name it overrides",
  },
  overrideTypeMismatch: {
    code: 'MOF3012',
    severity: 'error',
    message: "'{0}' overrides a {1} of type {2} with type {3}",
  },
  overrideRefClassMismatch: {
    code: 'MOF3013',
    severity: 'error',
    message: "reference '{0}' overrides a reference to '{1}' with one to '{2}', which is not a subclass of '{1}'",
  },
  redeclaredWithoutOverride: {
    code: 'MOF3014',
    severity: 'error',
    message: "the {0} '{1}' redeclares the {0} inherited from '{2}' without Override",
  },
  redeclaredWithoutOverrideMicrosoft: {
    code: 'MOF3015',
    severity: 'warning',
    message: "the {0} '{1}' redeclares the {0} inherited from '{2}' without Override; it is taken as an override",
  },
  keyRedeclared: {
    code: 'MOF3016',
    severity: 'error',
    message: "key property '{0}' inherited from '{1}' is redeclared without Override",
  },
  overrideRefClassMismatchMicrosoft: {
    code: 'MOF3017',
    severity: 'warning',
    message:
      "reference '{0}' overrides a reference to '{1}' with one to '{2}', which is not a subclass of '{1}' (mofcomp accepts this)",
  },

  // --- references and embedded objects ----------------------------------------
  unknownRefClass: {
    code: 'MOF3020',
    severity: 'error',
    message: "class '{0}', the target of reference '{1}', is not declared in namespace '{2}'",
  },
  associationTooFewReferences: {
    code: 'MOF3021',
    severity: 'error',
    message: "association '{0}' has {1} reference(s); an association needs at least two",
  },
  referenceOutsideAssociation: {
    code: 'MOF3022',
    severity: 'warning',
    message: "reference '{0}' is declared in '{1}', which is not an association (allowed in the Microsoft dialect only)",
  },
  unknownEmbeddedClass: {
    code: 'MOF3023',
    severity: 'error',
    message: "class '{0}', named by {1} on '{2}', is not declared in namespace '{3}'",
  },
  embeddedQualifierOnNonString: {
    code: 'MOF3024',
    severity: 'error',
    message: "{0} on '{1}' needs an element of type string, not {2}",
  },

  // --- keys ------------------------------------------------------------------
  instancesWithoutKeys: {
    code: 'MOF3030',
    severity: 'error',
    message: "class '{0}' has instances but no key property",
  },
  keyArray: {
    code: 'MOF3031',
    severity: 'error',
    message: "key property '{0}' cannot be an array",
  },

  // --- instances, values and aliases --------------------------------------------
  instanceOfUnknownClass: {
    code: 'MOF3050',
    severity: 'error',
    message: "class '{0}' is not declared in namespace '{1}'",
  },
  unknownInstanceProperty: {
    code: 'MOF3051',
    severity: 'error',
    message: "class '{0}' has no property '{1}'",
  },
  valueTypeMismatch: {
    code: 'MOF3052',
    severity: 'error',
    message: "'{0}' is of type {1}; {2} is not a valid value",
  },
  valueOutOfRange: {
    code: 'MOF3053',
    severity: 'error',
    message: "value {0} is out of range for '{1}' of type {2}",
  },
  undefinedAlias: {
    code: 'MOF3054',
    severity: 'error',
    message: "alias '${0}' is not defined",
  },
  duplicateAlias: {
    code: 'MOF3055',
    severity: 'error',
    message: "alias '${0}' is already defined",
  },
  missingKeyValue: {
    code: 'MOF3056',
    severity: 'error',
    message: "instance of '{0}' has no value for key property '{1}'",
  },
  duplicatePropertyValue: {
    code: 'MOF3057',
    severity: 'error',
    message: "property '{0}' is given a value more than once",
  },
  abstractInstance: {
    code: 'MOF3058',
    severity: 'error',
    message: "class '{0}' is abstract; it cannot have instances",
  },
  aliasClassMismatch: {
    code: 'MOF3059',
    severity: 'error',
    message: "alias '${0}' is an instance of '{1}', which is not a '{2}' as reference '{3}' requires",
  },

  // --- namespaces -------------------------------------------------------------
  invalidNamespace: {
    code: 'MOF3070',
    severity: 'error',
    message: "'{0}' is not a valid namespace name",
  },
  namespaceInstanceWithoutName: {
    code: 'MOF3071',
    severity: 'error',
    message: 'an instance of __Namespace needs a string Name',
  },

  // --- Microsoft class pragmas ------------------------------------------------
  createOnlyClassExists: {
    code: 'MOF3080',
    severity: 'error',
    message: "class '{0}' already exists; classflags(\"createonly\") forbids changing it",
  },
  updateOnlyClassMissing: {
    code: 'MOF3081',
    severity: 'error',
    message: "class '{0}' does not exist; classflags(\"updateonly\") forbids creating it",
  },
  deleteClassMissing: {
    code: 'MOF3082',
    severity: 'error',
    message: "class '{0}' cannot be deleted: it is not declared in namespace '{1}' (add NOFAIL to allow this)",
  },
  invalidClassFlag: {
    code: 'MOF3083',
    severity: 'error',
    message: "'{0}' is not a class flag (createonly, updateonly, forceupdate, safeupdate)",
  },
  contradictoryClassFlags: {
    code: 'MOF3084',
    severity: 'error',
    message: 'class flags createonly and updateonly contradict each other',
  },
  classReplaced: {
    code: 'MOF3085',
    severity: 'warning',
    message: "class '{0}' is declared again; the later declaration replaces the earlier one",
  },
  invalidPragmaArguments: {
    code: 'MOF3086',
    severity: 'error',
    message: "pragma '{0}' expects {1}",
  },

  // --- amendments -------------------------------------------------------------
  amendmentUnknownClass: {
    code: 'MOF3090',
    severity: 'error',
    message: "amendment of class '{0}': no class '{0}' in namespace '{1}'",
  },
  amendmentUnknownMember: {
    code: 'MOF3091',
    severity: 'warning',
    message: "amendment of class '{0}': the class has no {1} '{2}'",
  },

  // --- dialect ----------------------------------------------------------------
  microsoftExtension: {
    code: 'MOF3100',
    severity: 'error',
    message: '{0} is a Microsoft extension, not allowed in the DMTF dialect',
  },
  /** Only when a DMTF compilation that was not asked for has errors: the hint that may explain them. */
  microsoftSchemaInDmtf: {
    code: 'MOF3101',
    severity: 'info',
    message:
      "'{0}' has Microsoft's schema prefix, but nothing in the input is mofcomp-only, so it was compiled in the DMTF dialect; if mofcomp is its compiler, compile it with --dialect microsoft",
  },

  // --- qualifier declarations --------------------------------------------------
  conflictingQualifierDeclaration: {
    code: 'MOF3110',
    severity: 'error',
    message: "qualifier '{0}' is already declared differently in namespace '{1}'",
  },
} as const satisfies Record<string, DiagnosticDefinition>;

export const semanticDiagnostics = {
  ...semanticModelDiagnostics,
  ...semanticQualifierDiagnostics,
} as const satisfies Record<string, DiagnosticDefinition>;

export { semanticQualifierDiagnostics };
