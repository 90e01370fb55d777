import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Catalog files served over HTTP, as a Git host serves catalog-info.yaml:
 * the catalog only registers `url` locations through its API.
 */
export interface CatalogFiles {
  /** Writes a file and returns its URL. */
  write(name: string, content: string): string;
  url(name: string): string;
  /** The `backend.reading.allow` entry the catalog needs to read them. */
  readingAllow: { host: string };
  close(): Promise<void>;
}

export async function serveCatalogFiles(): Promise<CatalogFiles> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decommission-files-'));
  const server = http.createServer((req, res) => {
    const name = path.basename(decodeURIComponent(req.url ?? ''));
    const file = path.join(dir, name);
    if (!name || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/yaml' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = (name: string) => `http://${host}/${name}`;
  return {
    write(name, content) {
      fs.writeFileSync(path.join(dir, name), content);
      return url(name);
    },
    url,
    readingAllow: { host },
    async close() {
      await new Promise(resolve => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A System as a catalog file document. */
export function systemYaml(name: string, owner = 'group:default/storefront') {
  return `apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: ${name} }
spec: { owner: ${JSON.stringify(owner)} }
`;
}

/** A Component as a catalog file document (with a leading separator). */
export function componentYaml(
  name: string,
  options: {
    system?: string;
    owner?: string;
    annotations?: Record<string, string>;
  } = {},
) {
  const annotations = Object.entries(options.annotations ?? {})
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}${annotations ? `\n  annotations:\n${annotations}` : ''}
spec:
  type: service
  lifecycle: production
  owner: ${JSON.stringify(options.owner ?? 'group:default/storefront')}${
    options.system ? `\n  system: ${options.system}` : ''
  }
`;
}
