import type { DiagnosticDefinition } from '../diagnostic.js';

/**
 * Semantic diagnostics about qualifiers and ValueMap/Values enumerations
 * (MOF3200–MOF3399). Spread into `semanticDiagnostics` by the model stage.
 *
 * - MOF320x–MOF321x: qualifier uses (`[Key, ValueMap {...}]`)
 * - MOF322x: qualifier propagation and override
 * - MOF324x: qualifier declarations (`Qualifier X : type, Scope(...)`)
 * - MOF330x: ValueMap/Values enumerations
 */
export const semanticQualifierDiagnostics = {
  // --- qualifier uses -------------------------------------------------------
  unknownQualifier: {
    code: 'MOF3200',
    severity: 'error',
    message: "qualifier '{0}' is not declared",
  },
  undeclaredQualifierKept: {
    code: 'MOF3201',
    severity: 'warning',
    message: "qualifier '{0}' is not declared; it is kept with the value as written",
  },
  duplicateQualifier: {
    code: 'MOF3202',
    severity: 'error',
    message: "qualifier '{0}' appears more than once in this qualifier list",
  },
  qualifierScopeMismatch: {
    code: 'MOF3203',
    severity: 'error',
    message: "qualifier '{0}' cannot be used on a {1}; it is declared with Scope({2})",
  },
  builtinQualifierScopeMismatch: {
    code: 'MOF3204',
    severity: 'warning',
    message: "qualifier '{0}' is not meant for a {1} (built-in Scope({2})); it is kept",
  },
  qualifierValueType: {
    code: 'MOF3205',
    severity: 'error',
    message: "qualifier '{0}' expects a value of type {1}, not {2}",
  },
  qualifierValueRange: {
    code: 'MOF3206',
    severity: 'error',
    message: "value {0} is out of range for qualifier '{1}' of type {2}",
  },
  qualifierValueMissing: {
    code: 'MOF3207',
    severity: 'error',
    message: "qualifier '{0}' of type {1} needs a value",
  },
  conflictingFlavors: {
    code: 'MOF3208',
    severity: 'error',
    message: 'flavors {0} and {1} contradict each other',
  },
  microsoftFlavor: {
    code: 'MOF3209',
    severity: 'error',
    message: "flavor '{0}' is a Microsoft extension, not allowed in the DMTF dialect",
  },
  unrepresentableQualifierValue: {
    code: 'MOF3210',
    severity: 'error',
    message: "qualifier '{0}' cannot have {1} as its value",
  },
  repeatedFlavor: {
    code: 'MOF3211',
    severity: 'warning',
    message: "flavor '{0}' is given more than once",
  },

  // --- propagation and override --------------------------------------------
  qualifierOverrideDisabled: {
    code: 'MOF3220',
    severity: 'error',
    message: "qualifier '{0}' cannot be overridden: the inherited qualifier has flavor DisableOverride and value {1}",
  },
  qualifierOverrideDisabledKept: {
    code: 'MOF3221',
    severity: 'warning',
    message: "qualifier '{0}' overrides an inherited qualifier that has flavor DisableOverride and value {1}; the new value is kept",
  },

  // --- qualifier declarations ----------------------------------------------
  qualifierDeclarationWithoutScope: {
    code: 'MOF3240',
    severity: 'error',
    message: "qualifier declaration '{0}' has no Scope; it is taken to apply to any element",
  },
  unsupportedQualifierScope: {
    code: 'MOF3241',
    severity: 'warning',
    message: "scope '{0}' is not a DSP0004 2.x qualifier scope; it is ignored",
  },
  repeatedQualifierScope: {
    code: 'MOF3242',
    severity: 'warning',
    message: "scope '{0}' is listed more than once",
  },
  flavorDeclarationUnknownQualifier: {
    code: 'MOF3243',
    severity: 'error',
    message: "flavor-only declaration of '{0}' names no known qualifier",
  },

  // --- ValueMap / Values ---------------------------------------------------
  valueMapValuesLength: {
    code: 'MOF3300',
    severity: 'error',
    message: 'ValueMap has {0} entries but Values has {1}',
  },
  valueMapValuesLengthMicrosoft: {
    code: 'MOF3309',
    severity: 'warning',
    message: 'ValueMap has {0} entries but Values has {1} (mofcomp accepts this)',
  },
  invalidValueMapEntry: {
    code: 'MOF3301',
    severity: 'error',
    message: "ValueMap entry '{0}' is not an integer or integer range",
  },
  valueMapEntryRange: {
    code: 'MOF3302',
    severity: 'error',
    message: "ValueMap entry '{0}' is out of range for {1}",
  },
  duplicateValueMapEntry: {
    code: 'MOF3303',
    severity: 'error',
    message: "ValueMap entry '{0}' maps a value that an earlier entry already maps",
  },
  overlappingValueMapRange: {
    code: 'MOF3304',
    severity: 'warning',
    message: "ValueMap range '{0}' overlaps '{1}'",
  },
  emptyValueMapRange: {
    code: 'MOF3305',
    severity: 'error',
    message: "ValueMap range '{0}' is empty: its lower bound is above its upper bound",
  },
  enumOnUnsupportedType: {
    code: 'MOF3306',
    severity: 'warning',
    message: 'ValueMap/Values on an element of type {0}: no enumeration is derived',
  },
  valuesWithoutValueMapOnString: {
    code: 'MOF3307',
    severity: 'warning',
    message: 'Values without ValueMap on a string element: no enumeration is derived',
  },
  nullEnumEntry: {
    code: 'MOF3308',
    severity: 'error',
    message: '{0} entry {1} is null',
  },
} as const satisfies Record<string, DiagnosticDefinition>;
