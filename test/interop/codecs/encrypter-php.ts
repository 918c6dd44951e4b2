/**
 * Test helper: one PHP process running many Encrypter operations with Laravel's real
 * Illuminate\Encryption\Encrypter (test/interop/php/encrypter-batch.php).
 */
import { runPhp } from "../../helpers/php.js";

export type PhpEncrypterCase =
  | { op: "encryptString"; key: Buffer; cipher: string; plaintext: Uint8Array }
  | { op: "decryptString" | "decrypt"; key: Buffer; cipher: string; payload: string }
  | { op: "encrypt"; key: Buffer; cipher: string; serialized: Uint8Array };

export type PhpEncrypterResult =
  | { ok: true; payload?: string; plaintext?: string; serialized?: string; phpErrors?: string[] }
  | { ok: false; class: string; message: string };

export async function runPhpEncrypter(cases: PhpEncrypterCase[]): Promise<PhpEncrypterResult[]> {
  const wire = cases.map((c) => ({
    ...c,
    key: c.key.toString("base64"),
    ...("plaintext" in c ? { plaintext: Buffer.from(c.plaintext).toString("base64") } : {}),
    ...("serialized" in c ? { serialized: Buffer.from(c.serialized).toString("base64") } : {}),
  }));
  return runPhp<PhpEncrypterResult[]>("encrypter-batch", { cases: wire });
}

/** The bytes a successful PHP result carries (base64 on the wire). */
export function resultBytes(
  result: PhpEncrypterResult | undefined,
  field: "plaintext" | "serialized",
): Buffer {
  if (!result?.ok) throw new Error(`PHP failed: ${JSON.stringify(result)}`);
  const value = result[field];
  if (value === undefined) throw new Error(`PHP answered no ${field}`);
  return Buffer.from(value, "base64");
}
