import { describe, expect, it } from 'vitest';
import { CimProtocolError } from '../src/errors.js';
import { NtlmClient } from '../src/auth/ntlm-client.js';
import { NtlmServer, singleAccount } from '../src/auth/ntlm-server.js';
import { CimIntegrityError, type NtlmSessionSecurity } from '../src/auth/session-security.js';
import { ENCRYPTED_CONTENT_TYPE, decryptMessage, encryptMessage, isEncryptedContentType } from '../src/auth/wsman-encryption.js';

async function sessions(): Promise<{ client: NtlmSessionSecurity; server: NtlmSessionSecurity }> {
  const client = new NtlmClient({ username: 'admin', password: 'pw' });
  const server = new NtlmServer({ lookup: singleAccount('admin', 'pw') });
  const { message, security } = await client.authenticate(server.challenge(client.negotiate()));
  const result = await server.authenticate(message);
  if (!result.ok) throw new Error(result.reason);
  return { client: security!, server: result.security! };
}

const envelope = Buffer.from('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>é</s:Body></s:Envelope>', 'utf8');

describe('MS-WSMV message encryption framing', () => {
  it('frames a sealed body in the two MIME parts, with the plaintext length and a 16-byte signature', async () => {
    const { client } = await sessions();
    const framed = encryptMessage(client, envelope);
    const text = framed.toString('latin1');
    expect(text.startsWith(
      '--Encrypted Boundary\r\n' +
        '\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n' +
        `\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${envelope.length}\r\n` +
        '--Encrypted Boundary\r\n' +
        '\tContent-Type: application/octet-stream\r\n',
    )).toBe(true);
    const at = text.indexOf('octet-stream\r\n') + 'octet-stream\r\n'.length;
    expect(framed.readUInt32LE(at)).toBe(16);
    expect(framed.readUInt32LE(at + 4)).toBe(1); // signature version
    expect(framed.subarray(framed.length - 24).toString('latin1')).toBe('--Encrypted Boundary--\r\n');
    expect(framed.length).toBe(at + 4 + 16 + envelope.length + 24);
    // The plaintext is not in the frame.
    expect(framed.includes(Buffer.from('Envelope'))).toBe(false);
    expect(ENCRYPTED_CONTENT_TYPE).toBe('multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"');
    expect(isEncryptedContentType(ENCRYPTED_CONTENT_TYPE)).toBe(true);
    expect(isEncryptedContentType('application/soap+xml;charset=UTF-8')).toBe(false);
    expect(isEncryptedContentType(undefined)).toBe(false);
  });

  it('round-trips requests and replies in both directions, several in a row', async () => {
    const { client, server } = await sessions();
    for (let n = 0; n < 3; n++) {
      const request = decryptMessage(server, encryptMessage(client, envelope));
      expect(request.body).toEqual(envelope);
      expect(request.contentType).toBe('application/soap+xml;charset=UTF-8');
      const reply = Buffer.from(`<reply n="${n}"/>`);
      expect(decryptMessage(client, encryptMessage(server, reply)).body).toEqual(reply);
    }
  });

  it('accepts the bare closing boundary pywinrm sends', async () => {
    const { client, server } = await sessions();
    const framed = encryptMessage(client, envelope);
    const pywinrmStyle = Buffer.concat([framed.subarray(0, framed.length - 24), Buffer.from('--Encrypted Boundary\r\n')]);
    expect(decryptMessage(server, pywinrmStyle).body).toEqual(envelope);
  });

  it('a tampered encrypted body fails its signature check and yields no content', async () => {
    const { client, server } = await sessions();
    const framed = encryptMessage(client, envelope);
    framed[framed.length - 30] = framed[framed.length - 30]! ^ 0x20;
    expect(() => decryptMessage(server, framed)).toThrow(CimIntegrityError);
  });

  it('malformed framing is a protocol error, not a crash', async () => {
    const { client, server } = await sessions();
    const good = encryptMessage(client, envelope);
    const text = good.toString('latin1');
    const cases: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('hello'),
      good.subarray(0, 40),
      good.subarray(0, good.length - 10),
      Buffer.from(text.replace(`Length=${envelope.length}`, 'Length=999999'), 'latin1'),
      Buffer.from(text.replace(`Length=${envelope.length}`, 'Length=1'), 'latin1'),
      Buffer.from(text.replace('OriginalContent', 'Original'), 'latin1'),
      Buffer.from(text.replace('HTTP-SPNEGO-session-encrypted', 'HTTP-Kerberos-session-encrypted'), 'latin1'),
      Buffer.from(text.replace('octet-stream', 'text/plain'), 'latin1'),
    ];
    for (const framed of cases) {
      const { server: fresh } = await sessions();
      expect(() => decryptMessage(fresh, framed)).toThrow(CimProtocolError);
    }
    // A wrong signature length is refused before any unsealing.
    const at = text.indexOf('octet-stream\r\n') + 'octet-stream\r\n'.length;
    const badLength = Buffer.from(good);
    badLength.writeUInt32LE(20, at);
    expect(() => decryptMessage(server, badLength)).toThrow(/signature length is 20/);
  });
});
