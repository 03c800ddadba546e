import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';

export type KeyPair = Readonly<{ privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; source: string }>;

const PRIVATE_FILE = 'rbac_private.pem';
const PUBLIC_FILE = 'rbac_public.pem';

export type KeyFiles = Readonly<{ privateKeyFile: string; publicKeyFile: string; dataDir: string }>;

/**
 * The token key pair: the configured files, or a pair kept in the data directory, generated
 * on first start. Replicas sharing one store must be given the same pair.
 */
export function loadKeyPair(files: KeyFiles, log: Logger): KeyPair {
  if (files.privateKeyFile !== '') return readPair(files.privateKeyFile, files.publicKeyFile);
  const priv = path.join(files.dataDir, PRIVATE_FILE);
  const pub = path.join(files.dataDir, PUBLIC_FILE);
  if (fs.existsSync(priv) && fs.existsSync(pub)) return readPair(priv, pub);
  const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.mkdirSync(files.dataDir, { recursive: true });
  fs.writeFileSync(priv, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  log.warn(
    { privateKeyFile: priv, publicKeyFile: pub },
    'RBAC: generated a token key pair; replicas sharing this store must use the same pair (--rbac-private-key, --rbac-public-key)',
  );
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, source: priv };
}

function readPair(privateKeyFile: string, publicKeyFile: string): KeyPair {
  const privateKey = crypto.createPrivateKey(readPem(privateKeyFile, 'rbac-private-key'));
  const publicKey = crypto.createPublicKey(readPem(publicKeyFile, 'rbac-public-key'));
  if (privateKey.asymmetricKeyType !== 'rsa' || publicKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`--rbac-private-key / --rbac-public-key: tokens are signed RS512, so both keys must be RSA`);
  }
  const derived = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!derived.equals(publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new Error(`--rbac-public-key ${publicKeyFile}: it is not the public half of --rbac-private-key ${privateKeyFile}`);
  }
  return { privateKey, publicKey, source: privateKeyFile };
}

function readPem(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
