// Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane) and the dummy hash
// that unknown e-mails are checked against, so that a login takes as long whether the account exists
// or not.
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/** Verifies password against hash; with hash undefined it checks a dummy hash and answers false. */
export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('segnala-dummy-password-never-matches');
  const target = hash ?? (await dummyHash);
  let ok: boolean;
  try {
    ok = await argon2.verify(target, password);
  } catch {
    ok = false; // a malformed stored hash counts as a wrong password
  }
  return ok && hash !== undefined;
}
