import type { DiagnosticDefinition } from '../diagnostic.js';

/**
 * MOF10xx: reading sources — opening files, decoding bytes, following includes.
 * Messages are templates; `{0}`, `{1}` are filled by `createDiagnostic`.
 */
export const sourceDiagnostics = {
  /** A file named on the command line does not exist. No span: there is no source to point into. */
  fileNotFound: { code: 'MOF1001', severity: 'error', message: "cannot open '{0}': no such file" },
  /** A file exists but cannot be read (a directory, no permission, …). At the include pragma when it was included. */
  fileUnreadable: { code: 'MOF1002', severity: 'error', message: "cannot read '{0}': {1}" },
  /** Bytes that are not valid in the file's encoding; they are replaced by U+FFFD, whose span this is. */
  invalidBytes: { code: 'MOF1003', severity: 'error', message: 'invalid {0} byte sequence {1} (replaced by U+FFFD)' },
  /** Cap on MOF1003 per file, so a file in a legacy code page does not flood the output. */
  moreInvalidBytes: {
    code: 'MOF1004',
    severity: 'error',
    message: '{0} more invalid byte sequences in this file are not reported',
  },
  /** A byte-order mark for an encoding mofc does not read (UTF-32). */
  unsupportedEncoding: {
    code: 'MOF1005',
    severity: 'error',
    message: 'unsupported encoding {0}: save the file as UTF-8 or UTF-16',
  },
  /** `#pragma include("x")` names a file found neither next to the including file nor in any include path. */
  includeNotFound: { code: 'MOF1006', severity: 'error', message: "included file '{0}' not found (searched {1})" },
  /** A file includes itself, directly or through others. The message names the chain. */
  includeCycle: { code: 'MOF1007', severity: 'error', message: 'include cycle: {0}' },
  /** A file included a second time (not a cycle) is compiled once only, at its first inclusion. */
  includedTwice: {
    code: 'MOF1008',
    severity: 'info',
    message: "'{0}' is already included; it is compiled once, at its first inclusion",
  },
  /** Includes nested beyond a fixed depth: a guard against runaway (generated) include chains. */
  includeTooDeep: {
    code: 'MOF1009',
    severity: 'error',
    message: 'includes are nested too deeply (more than {0} levels)',
  },
  /** A file above the size limit (`--max-file-size`, default 64 MiB) is not read. */
  fileTooLarge: {
    code: 'MOF1010',
    severity: 'error',
    message: "'{0}' is larger than the limit of {1} bytes (set by --max-file-size)",
  },
  /** An include that resolves outside the include roots (the input files' directories and `-I`), refused so an untrusted MOF cannot read any file. */
  includeOutsideRoots: {
    code: 'MOF1011',
    severity: 'error',
    message: "included file '{0}' is outside the include roots ({1}); pass --allow-include-outside to read it",
  },
  /** No file has the included name exactly, but one matches it ignoring case (as Windows finds it): that file is used. */
  includeCaseMismatch: {
    code: 'MOF1012',
    severity: 'warning',
    message: "included file '{0}' not found with that case; using '{1}', which matches it ignoring case (as on Windows)",
  },
  /** Several files match the included name ignoring case, none exactly: which one Windows would open is not defined. */
  includeCaseAmbiguous: {
    code: 'MOF1013',
    severity: 'error',
    message: "included file '{0}' not found with that case, and several files match it ignoring case: {1}",
  },
  /** A file without a BOM that is not valid UTF-8, read as Windows-1252 in the Microsoft dialect. */
  readAsAnsi: {
    code: 'MOF1014',
    severity: 'info',
    message: 'not valid UTF-8 and no byte-order mark: read as Windows-1252 (ANSI), as mofcomp reads it',
  },
} as const satisfies Record<string, DiagnosticDefinition>;
