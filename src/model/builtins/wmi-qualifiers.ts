/**
 * WMI qualifiers that Microsoft MOF files use without declaring them: mofcomp
 * knows them, so no file declares them (the Hyper-V schema uses `Dynamic`,
 * `AMENDMENT`, `UUID`, `WmiDataId`, `HyperVEmbeddedInstance`, … this way).
 * mofc supplies these types (origin `builtin`) in the Microsoft dialect.
 *
 * Sources: the WMI SDK pages "Standard WMI Qualifiers", "Standard Qualifiers"
 * (WMI's list, which has a few CIM 2.5 qualifiers DMTF 2.49 no longer
 * declares), "Optional Qualifiers" and "CIMType Qualifier"; and, for the
 * Hyper-V qualifiers no page documents, how the Hyper-V schema uses them.
 *
 * Choices:
 * - Qualifiers that DMTF 2.49 declares (`Provider`, `Static`, `Key`,
 *   `Abstract`, `Association`, `Deprecated`, …) are NOT repeated here: the DMTF
 *   declaration is the one type of the name (a test checks the two tables are
 *   disjoint). WMI's `Deprecated` is a boolean in the docs, DMTF's a string[];
 *   DMTF wins, and a Microsoft `[Deprecated]` stays legal because undeclared
 *   builtins are checked leniently in the Microsoft dialect.
 * - Types follow the docs; where the docs and real files disagree the files
 *   win: `Locale` is documented as a string but always written as a number
 *   (`LOCALE(0x409)`, `LOCALE(1033)`), so it is sint32.
 * - Booleans default to false: the docs' "default TRUE" is the implied value
 *   of a flag written without a value, which mofc applies to every boolean.
 * - Scopes: "classes" is `class` (which also reaches associations and
 *   indications). DSP0004 2.x has no instance scope, so qualifiers the docs
 *   allow on instances (`Locale`, `DynProps`, namespace security) are `any`.
 * - Flavors: WMI's default flavor is *not* to propagate (a qualifier reaches a
 *   subclass only when written `: ToSubclass`); Microsoft schemas repeat
 *   `Dynamic`, `Provider`, `UUID`, … on every class. So the qualifiers that
 *   describe the class itself (provider binding, identity, localization,
 *   versions) are Restricted. Member qualifiers that describe the member's
 *   type (`HyperVEmbeddedInstance`, `CIMTYPE`, `SubType`, …) keep DSP0004's
 *   ToSubclass, so a flattened inherited member keeps its type information.
 * - Spelling: the name is the docs' (`Amendment`, `Locale`), except `CIMTYPE`,
 *   which mofcomp itself writes in capitals; uses match case-insensitively.
 */
import type { QualifierFlavors, QualifierScope, QualifierType } from '../types.js';
import { q } from './qualifier-row.js';

/** WMI's default flavor: not propagated to subclasses. */
const RESTRICTED: QualifierFlavors = { propagation: 'restricted' };
/** DSP0004's default flavor (EnableOverride, ToSubclass). */
const TO_SUBCLASS: QualifierFlavors = {};

const MEMBER: readonly QualifierScope[] = ['property', 'method', 'parameter'];

// prettier-ignore
export const wmiQualifierTypes: readonly QualifierType[] = [
  // --- Standard WMI qualifiers: classes and their provider ---
  q('Amendment',             'boolean',  ['class'],                 RESTRICTED,  false),
  q('ClassContext',          'string',   ['class'],                 RESTRICTED,  null),
  q('ClassVersion',          'string',   ['class'],                 RESTRICTED,  null),
  q('Dynamic',               'boolean',  ['class', 'property'],     RESTRICTED,  false),
  q('DynProps',              'boolean',  ['any'],                   RESTRICTED,  false),
  q('Locale',                'sint32',   ['any'],                   RESTRICTED,  null),
  q('Singleton',             'boolean',  ['class'],                 RESTRICTED,  false),
  q('UUID',                  'string',   ['class'],                 RESTRICTED,  null),
  q('Display',               'string',   ['class', 'property'],     RESTRICTED,  null),
  // --- Standard WMI qualifiers: instances and namespaces ---
  q('InstanceContext',       'string',   ['any'],                   RESTRICTED,  null),
  q('NamespaceSecuritySDDL', 'string[]', ['any'],                   RESTRICTED,  null),
  q('RequiresEncryption',    'boolean',  ['any'],                   RESTRICTED,  false),
  // --- Standard WMI qualifiers: members ---
  q('Bypass_GetObject',      'boolean',  ['method'],                TO_SUBCLASS, false),
  q('CIM_Key',               'boolean',  ['property', 'reference'], TO_SUBCLASS, false),
  q('CIMTYPE',               'string',   ['property', 'reference', 'method', 'parameter'], TO_SUBCLASS, null),
  q('Fixed',                 'boolean',  ['property'],              TO_SUBCLASS, false),
  q('ID',                    'sint32',   ['property', 'reference', 'parameter'], TO_SUBCLASS, null),
  q('Implemented',           'boolean',  ['method'],                TO_SUBCLASS, false),
  q('Optional',              'boolean',  ['parameter'],             TO_SUBCLASS, false),
  q('Privileges',            'string[]', ['property', 'method'],    TO_SUBCLASS, null),
  q('PropertyContext',       'string',   ['property'],              TO_SUBCLASS, null),
  q('SubType',               'string',   ['property'],              TO_SUBCLASS, null),
  q('WritePrivileges',       'string[]', ['property'],              TO_SUBCLASS, null),
  // --- WMI's "Standard Qualifiers" that DMTF 2.49 does not declare ---
  q('Constructor',           'boolean',  ['method'],                TO_SUBCLASS, false),
  q('CreateBy',              'string',   ['class'],                 RESTRICTED,  null),
  q('DeleteBy',              'string',   ['class'],                 RESTRICTED,  null),
  q('Destructor',            'boolean',  ['method'],                TO_SUBCLASS, false),
  q('Lazy',                  'boolean',  ['property'],              TO_SUBCLASS, false),
  q('Nonlocal',              'string',   ['reference'],             TO_SUBCLASS, null),
  q('NonlocalType',          'string',   ['reference'],             TO_SUBCLASS, null),
  q('OverrideValue',         'boolean',  ['class'],                 RESTRICTED,  false),
  q('Source',                'string',   ['class', 'association', 'indication', 'reference'], TO_SUBCLASS, null),
  q('SourceType',            'string',   ['class', 'association', 'indication', 'reference'], TO_SUBCLASS, null),
  q('SupportsCreate',        'boolean',  ['class'],                 RESTRICTED,  false),
  q('SupportsDelete',        'boolean',  ['class'],                 RESTRICTED,  false),
  q('SupportsUpdate',        'boolean',  ['class'],                 RESTRICTED,  false),
  q('WriteAtCreate',         'boolean',  ['property'],              TO_SUBCLASS, false),
  q('WriteAtUpdate',         'boolean',  ['property'],              TO_SUBCLASS, false),
  // --- WMI optional qualifiers that DMTF 2.49 does not declare ---
  q('Indexed',               'boolean',  ['property', 'method'],    TO_SUBCLASS, false),
  q('Not_Null',              'boolean',  ['property'],              TO_SUBCLASS, false),
  // --- Hyper-V (no WMI page; types and scopes from the schema's own use) ---
  q('HyperVEmbeddedInstance', 'string',  MEMBER,                    TO_SUBCLASS, null),
  q('WmiDataId',             'sint32',   ['property'],              TO_SUBCLASS, null),
  // Written as strings on classes (`InterfaceVersion("1")`) and as numbers on properties (`InterfaceVersion(1)`).
  q('InterfaceVersion',      'string',   ['class', 'property'],     RESTRICTED,  null),
  q('InterfaceRevision',     'string',   ['class', 'property'],     RESTRICTED,  null),
  q('ExtensionId',           'string',   ['class'],                 RESTRICTED,  null),
  q('MSFT_TargetNamespace',  'string',   ['property', 'reference'], TO_SUBCLASS, null),
];
