import { useRef } from 'react';

/**
 * A fresh idempotency key. The wizard makes one per distinct input, so a
 * double click or a retried submit cannot create a second instance while a
 * changed input is a new request.
 */
export function newIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto;
  if (cryptoApi?.randomUUID) return cryptoApi.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * An idempotency key that stays the same while `body` does (compared as
 * JSON) and is new as soon as it changes.
 */
export function useIdempotencyKey(body: unknown): string {
  const json = JSON.stringify(body) ?? '';
  const last = useRef<{ json: string; key: string }>();
  if (last.current?.json !== json) {
    last.current = { json, key: newIdempotencyKey() };
  }
  return last.current.key;
}
