/**
 * The qualifier types of the DMTF CIM Schema 2.49.0: the 70 declarations of
 * `qualifiers.mof` (standard) and `qualifiers_optional.mof` (optional), in file
 * order. mofc supplies them (origin `builtin`) so that a file may use them
 * without declaring them first, as most MOF files do.
 *
 * Flavors are recorded as the declarations write them (absent = DSP0004
 * default: EnableOverride, ToSubclass). A test compiles both MOF files and
 * checks this table against what they declare.
 */
import type { QualifierFlavors, QualifierType } from '../types.js';
import { q } from './qualifier-row.js';

// The flavor sets the declarations write, named once.
const DEFAULT: QualifierFlavors = {};
const DISABLE_OVERRIDE: QualifierFlavors = { override: 'disable', propagation: 'toSubclass' };
const DISABLE_OVERRIDE_TRANSLATABLE: QualifierFlavors = { override: 'disable', propagation: 'toSubclass', translatable: true };
const RESTRICTED: QualifierFlavors = { override: 'enable', propagation: 'restricted' };
const RESTRICTED_TRANSLATABLE: QualifierFlavors = { override: 'enable', propagation: 'restricted', translatable: true };
const TRANSLATABLE: QualifierFlavors = { override: 'enable', propagation: 'toSubclass', translatable: true };

// prettier-ignore
export const dmtfQualifierTypes: readonly QualifierType[] = [
  // --- qualifiers.mof ---
  q('Association',         'boolean',  ['association'],                               DISABLE_OVERRIDE,               false),
  q('Indication',          'boolean',  ['class', 'indication'],                       DISABLE_OVERRIDE,               false),
  q('Abstract',            'boolean',  ['class', 'association', 'indication'],        RESTRICTED,                     false),
  q('Aggregate',           'boolean',  ['reference'],                                 DISABLE_OVERRIDE,               false),
  q('Aggregation',         'boolean',  ['association'],                               DISABLE_OVERRIDE,               false),
  q('ArrayType',           'string',   ['property', 'parameter'],                     DISABLE_OVERRIDE,               'Bag'),
  q('BitMap',              'string[]', ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('BitValues',           'string[]', ['property', 'method', 'parameter'],           TRANSLATABLE,                   null),
  q('ClassConstraint',     'string[]', ['class', 'association', 'indication'],        DEFAULT,                        null),
  q('Composition',         'boolean',  ['association'],                               DISABLE_OVERRIDE,               false),
  q('Correlatable',        'string[]', ['property'],                                  DEFAULT,                        null),
  q('Counter',             'boolean',  ['property', 'method', 'parameter'],           DEFAULT,                        false),
  q('Deprecated',          'string[]', ['any'],                                       RESTRICTED,                     null),
  q('Description',         'string',   ['any'],                                       TRANSLATABLE,                   null),
  q('DisplayName',         'string',   ['any'],                                       TRANSLATABLE,                   null),
  q('DN',                  'boolean',  ['property', 'method', 'parameter'],           DISABLE_OVERRIDE,               false),
  q('EmbeddedInstance',    'string',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('EmbeddedObject',      'boolean',  ['property', 'method', 'parameter'],           DISABLE_OVERRIDE,               false),
  q('Exception',           'boolean',  ['class', 'indication'],                       DISABLE_OVERRIDE,               false),
  q('Experimental',        'boolean',  ['any'],                                       RESTRICTED,                     false),
  q('Gauge',               'boolean',  ['property', 'method', 'parameter'],           DEFAULT,                        false),
  q('In',                  'boolean',  ['parameter'],                                 DISABLE_OVERRIDE,               true),
  q('IsPUnit',             'boolean',  ['property', 'method', 'parameter'],           DEFAULT,                        false),
  q('Key',                 'boolean',  ['property', 'reference'],                     DISABLE_OVERRIDE,               false),
  q('MappingStrings',      'string[]', ['any'],                                       DEFAULT,                        null),
  q('Max',                 'uint32',   ['reference'],                                 DEFAULT,                        null),
  q('MaxLen',              'uint32',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('MaxValue',            'sint64',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('MethodConstraint',    'string[]', ['method'],                                    DEFAULT,                        null),
  q('Min',                 'uint32',   ['reference'],                                 DEFAULT,                        0),
  q('MinLen',              'uint32',   ['property', 'method', 'parameter'],           DEFAULT,                        0),
  q('MinValue',            'sint64',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('ModelCorrespondence', 'string[]', ['any'],                                       DEFAULT,                        null),
  q('NullValue',           'string',   ['property'],                                  DISABLE_OVERRIDE,               null),
  q('Octetstring',         'boolean',  ['property', 'method', 'parameter'],           DISABLE_OVERRIDE,               false),
  q('Out',                 'boolean',  ['parameter'],                                 DISABLE_OVERRIDE,               false),
  q('Override',            'string',   ['property', 'reference', 'method'],           RESTRICTED,                     null),
  q('Propagated',          'string',   ['property'],                                  DISABLE_OVERRIDE,               null),
  q('PropertyConstraint',  'string[]', ['property', 'reference'],                     DEFAULT,                        null),
  q('PUnit',               'string',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('Read',                'boolean',  ['property'],                                  DEFAULT,                        true),
  q('Reference',           'string',   ['property'],                                  DEFAULT,                        null),
  q('Required',            'boolean',  ['property', 'reference', 'method', 'parameter'], DISABLE_OVERRIDE,               false),
  q('Revision',            'string',   ['class', 'association', 'indication'],        TRANSLATABLE,                   null),
  q('Schema',              'string',   ['property', 'method'],                        DISABLE_OVERRIDE_TRANSLATABLE,  null),
  q('Static',              'boolean',  ['property', 'method'],                        DISABLE_OVERRIDE,               false),
  q('Structure',           'boolean',  ['class', 'indication'],                       DISABLE_OVERRIDE,               false),
  q('Terminal',            'boolean',  ['class', 'association', 'indication'],        DEFAULT,                        false),
  q('UMLPackagePath',      'string',   ['class', 'association', 'indication'],        DEFAULT,                        null),
  q('Units',               'string',   ['property', 'method', 'parameter'],           TRANSLATABLE,                   null),
  q('ValueMap',            'string[]', ['property', 'method', 'parameter'],           DEFAULT,                        null),
  q('Values',              'string[]', ['property', 'method', 'parameter'],           TRANSLATABLE,                   null),
  q('Version',             'string',   ['class', 'association', 'indication'],        RESTRICTED_TRANSLATABLE,        null),
  q('Weak',                'boolean',  ['reference'],                                 DISABLE_OVERRIDE,               false),
  q('Write',               'boolean',  ['property'],                                  DEFAULT,                        false),
  q('XMLNamespaceName',    'string',   ['property', 'method', 'parameter'],           DEFAULT,                        null),
  // --- qualifiers_optional.mof ---
  q('Alias',               'string',   ['property', 'reference', 'method'],           TRANSLATABLE,                   null),
  q('Delete',              'boolean',  ['association', 'reference'],                  DEFAULT,                        false),
  q('DisplayDescription',  'string',   ['any'],                                       TRANSLATABLE,                   null),
  q('Expensive',           'boolean',  ['any'],                                       DEFAULT,                        false),
  q('Ifdeleted',           'boolean',  ['association', 'reference'],                  DEFAULT,                        false),
  q('Invisible',           'boolean',  ['class', 'association', 'property', 'reference', 'method'], DEFAULT,                        false),
  q('Large',               'boolean',  ['class', 'property'],                         DEFAULT,                        false),
  q('PropertyUsage',       'string',   ['property'],                                  DEFAULT,                        'CurrentContext'),
  q('Provider',            'string',   ['any'],                                       DEFAULT,                        null),
  q('SyntaxType',          'string',   ['property', 'reference', 'method', 'parameter'], DEFAULT,                        null),
  q('Syntax',              'string',   ['property', 'reference', 'method', 'parameter'], DEFAULT,                        null),
  q('TriggerType',         'string',   ['class', 'association', 'indication', 'property', 'reference', 'method'], DEFAULT,                        null),
  q('UnknownValues',       'string[]', ['property'],                                  DISABLE_OVERRIDE,               null),
  q('UnsupportedValues',   'string[]', ['property'],                                  DISABLE_OVERRIDE,               null),
];
