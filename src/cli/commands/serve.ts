import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compareDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { countBySeverity } from '../../diagnostics/summary.js';
import { ExitCode, usageError, type Command, type CommandResult } from '../command.js';
import { describeParseArgsError } from '../options.js';
import { renderHumanReport } from '../sources.js';

const help = `Usage: mofc serve <files...> [options]

Compiles MOF files and answers WS-Management (as Windows' WinRM speaks it) for the
schema's classes on http://HOST:PORT/wsman (https with --tls-cert), from an
in-memory repository filled from a seed file, until stopped with Ctrl-C (SIGINT)
or SIGTERM. Prints the URL once ready. Get, Enumerate/Pull (WQL filters,
ASSOCIATORS OF, REFERENCES OF), Put, Create and Delete work on the repository;
Invoke has no provider here and is answered with WinRM's "not supported" fault.

Options:
  -I, --include <dir>     Look for included files in <dir> too (repeatable)
      --namespace <ns>    The namespace to serve, when the inputs declare several
      --state <file>      Seed the repository from <file> (JSON; see docs/runtime-api.md)
      --host <host>       Address to listen on (default 127.0.0.1; anything else
                          exposes the server to the network)
      --port <n>          Port (default 5985; 0 picks a free one)
      --user <name>       The account clients authenticate as (user, DOMAIN\\user or
                          user@domain)
      --password <pw>     Its password (or set MOFC_SERVE_PASSWORD, which keeps it out
                          of the process list)
      --auth <scheme>     basic or ntlm (repeatable to offer both; default basic).
                          NTLM is NTLMv2 over "Negotiate" and, on plain HTTP, requires
                          message encryption, as Windows does
      --tls-cert <file>   Serve HTTPS with this certificate (PEM; needs --tls-key)
      --tls-key <file>    The certificate's private key (PEM)
      --no-auth           Accept requests without authentication
      --debug             Show stack traces of internal errors
  -h, --help              Show this help

Exit status: 0 stopped by a signal, 1 errors in the schema or the seed, or the address
cannot be listened on (port in use), 2 usage error, 3 internal error.
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a schema over WS-Management from an in-memory repository',
  help,
  async run(args, context) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          include: { type: 'string', short: 'I', multiple: true },
          namespace: { type: 'string' },
          state: { type: 'string' },
          host: { type: 'string' },
          port: { type: 'string' },
          user: { type: 'string' },
          password: { type: 'string' },
          auth: { type: 'string', multiple: true },
          'tls-cert': { type: 'string' },
          'tls-key': { type: 'string' },
          'no-auth': { type: 'boolean' },
          debug: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      return usageError(describeParseArgsError(error), 'serve');
    }
    const { values, positionals } = parsed;
    if (values.help) return { exitCode: ExitCode.ok, stdout: help };
    if (positionals.length === 0) return usageError('no input files', 'serve');
    const portText = values.port ?? '5985';
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 0 && port <= 65535)) return usageError(`invalid --port '${portText}' (expected 0..65535)`, 'serve');
    const host = values.host ?? '127.0.0.1';
    const noAuth = values['no-auth'] === true;
    const password = values.password ?? context.io.env['MOFC_SERVE_PASSWORD'];
    if (noAuth && (values.user !== undefined || values.password !== undefined || values.auth !== undefined)) {
      return usageError('--no-auth excludes --user, --password and --auth', 'serve');
    }
    const schemes = [...new Set(values.auth ?? ['basic'])];
    const unknownScheme = schemes.find((scheme) => scheme !== 'basic' && scheme !== 'ntlm');
    if (unknownScheme !== undefined) return usageError(`invalid --auth '${unknownScheme}' (expected basic or ntlm)`, 'serve');
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) return usageError('--tls-cert and --tls-key go together', 'serve');
    if (!noAuth && (values.user === undefined || password === undefined)) {
      return usageError('give --user and --password (or MOFC_SERVE_PASSWORD), or --no-auth', 'serve');
    }

    const [{ compileWithFrontend }, { schemaDescriptors }, runtime, { InMemorySession }] = await Promise.all([
      import('../../api/frontend.js'),
      import('../schema-descriptors.js'),
      import('@mofc/runtime'),
      import('@mofc/runtime/memory'),
    ]);
    const compiled = await compileWithFrontend(
      { inputs: positionals, includePaths: values.include ?? [], cwd: context.io.cwd, locale: null },
      { parse: await context.loadParser(), readFile: context.io.readFile },
    );
    const schemaErrors = (diagnostics: readonly Diagnostic[]): CommandResult | undefined => {
      const sorted = [...diagnostics].sort(compareDiagnostics);
      if (countBySeverity(sorted).error === 0) return undefined;
      return { exitCode: ExitCode.errors, stderr: renderHumanReport(sorted, compiled.program, context) };
    };
    const failed = schemaErrors(compiled.diagnostics);
    if (failed || !compiled.repository) return failed ?? { exitCode: ExitCode.errors, stderr: 'mofc serve: the schema did not compile\n' };
    const schema = schemaDescriptors(compiled.repository, values.namespace);
    if (!('descriptors' in schema)) {
      return schemaErrors(schema.diagnostics) ?? { exitCode: ExitCode.errors, stderr: 'mofc serve: no classes to serve\n' };
    }
    const registry = new runtime.ClassRegistry(schema.descriptors);
    const session = new InMemorySession({ registry, namespace: schema.namespace });
    let seeded = 0;
    if (values.state !== undefined) {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(context.io.readFile(path.resolve(context.io.cwd, values.state)));
      } catch (error) {
        return { exitCode: ExitCode.errors, stderr: `mofc serve: cannot read ${values.state}: ${(error as Error).message}\n` };
      }
      try {
        for (const instance of runtime.parseSeed(text, registry, { namespace: schema.namespace })) session.put(instance);
        seeded = session.instances().length;
      } catch (error) {
        if (error instanceof runtime.CimError) return { exitCode: ExitCode.errors, stderr: `mofc serve: ${values.state}: ${error.message}\n` };
        throw error;
      }
    }
    let tls: { cert: Buffer; key: Buffer } | undefined;
    if (values['tls-cert'] !== undefined && values['tls-key'] !== undefined) {
      try {
        const read = (file: string): Buffer => Buffer.from(context.io.readFile(path.resolve(context.io.cwd, file)));
        tls = { cert: read(values['tls-cert']), key: read(values['tls-key']) };
      } catch (error) {
        return { exitCode: ExitCode.errors, stderr: `mofc serve: cannot read the TLS certificate or key: ${(error as Error).message}\n` };
      }
    }
    const auth = noAuth
      ? undefined
      : runtime.combinedAuth(
          schemes.map((scheme) =>
            scheme === 'ntlm' ? runtime.ntlmAuth({ username: values.user!, password: password! }) : runtime.basicAuth({ username: values.user!, password: password! }),
          ),
        );
    let server: Awaited<ReturnType<typeof runtime.createWsmanServer>>;
    try {
      server = await runtime.createWsmanServer({ session, registry, host, port, ...(auth ? { auth } : {}), ...(tls ? { tls } : {}) });
    } catch (error) {
      // The address is the user's to choose: a clear error, not an internal one.
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        return { exitCode: ExitCode.errors, stderr: `mofc serve: cannot listen on ${host}:${port}: ${(error as Error).message}\n` };
      }
      throw error;
    }
    // Listening for the signals before the URL is printed: a script that stops the server as soon as
    // it reads the URL must not find the default action (termination without a clean close) still in place.
    const stopped = waitForStop();
    // The one line printed while running: scripts wait for it to know the server is up (and which port it took).
    context.io.stdout(`mofc serve: ${schema.descriptors.length} classes, ${seeded} instances, namespace ${schema.namespace}\n${server.url}\n`);
    const signal = await stopped;
    await server.close();
    return { exitCode: ExitCode.ok, stderr: `mofc serve: stopped (${signal})\n` };
  },
};

function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
