/**
 * The IPFS libraries (UnixFS importer and exporter, multiformats, dag-pb, CAR, the Kubo RPC client) are published as
 * ES modules only. This project compiles to CommonJS, where TypeScript turns `import()` into `require()`, and
 * `require()` of an ES module works on Node >= 20.19 only when the package exports a "module-sync" or "default"
 * condition, which @ipld/car and @ipld/dag-pb do not. So they are loaded here, once, with a real dynamic `import()`
 * that TypeScript cannot rewrite; their types come from the packages' own declarations through `typeof import()`,
 * which node10 module resolution finds through each package's top-level "types" and "typesVersions" fields.
 */
export interface IpfsLibraries {
  importer: typeof import('ipfs-unixfs-importer');
  chunker: typeof import('ipfs-unixfs-importer/chunker');
  layout: typeof import('ipfs-unixfs-importer/layout');
  exporter: typeof import('ipfs-unixfs-exporter');
  cid: typeof import('multiformats/cid');
  raw: typeof import('multiformats/codecs/raw');
  dagPb: typeof import('@ipld/dag-pb');
  car: typeof import('@ipld/car');
  kubo: typeof import('kubo-rpc-client');
}

// `new Function` keeps the `import()` expression out of TypeScript's reach; it runs in this module's realm with
// Node's own ESM loader, so the packages resolve from node_modules as usual (offline: nothing is fetched).
export const importEsm = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

let loading: Promise<IpfsLibraries> | undefined;

/** Loads the libraries on first call (about 0.2 s) and hands out the same modules afterwards. */
export function loadIpfsLibraries(): Promise<IpfsLibraries> {
  loading ??= (async () => {
    const [importer, chunker, layout, exporter, cid, raw, dagPb, car, kubo] = await Promise.all([
      importEsm<IpfsLibraries['importer']>('ipfs-unixfs-importer'),
      importEsm<IpfsLibraries['chunker']>('ipfs-unixfs-importer/chunker'),
      importEsm<IpfsLibraries['layout']>('ipfs-unixfs-importer/layout'),
      importEsm<IpfsLibraries['exporter']>('ipfs-unixfs-exporter'),
      importEsm<IpfsLibraries['cid']>('multiformats/cid'),
      importEsm<IpfsLibraries['raw']>('multiformats/codecs/raw'),
      importEsm<IpfsLibraries['dagPb']>('@ipld/dag-pb'),
      importEsm<IpfsLibraries['car']>('@ipld/car'),
      importEsm<IpfsLibraries['kubo']>('kubo-rpc-client'),
    ]);
    return { importer, chunker, layout, exporter, cid, raw, dagPb, car, kubo };
  })();
  loading.catch(() => {
    // A failed load (a package missing from node_modules) is retried on the next call rather than cached.
    loading = undefined;
  });
  return loading;
}
