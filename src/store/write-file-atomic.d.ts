// write-file-atomic ships no types; this is the part of its API the store uses.
declare module 'write-file-atomic' {
  interface Options {
    readonly encoding?: BufferEncoding;
    readonly mode?: number;
    readonly fsync?: boolean;
    readonly chown?: { uid: number; gid: number } | false;
  }
  function writeFileAtomic(file: string, data: string | Uint8Array, options?: Options): Promise<void>;
  namespace writeFileAtomic {
    function sync(file: string, data: string | Uint8Array, options?: Options): void;
  }
  export default writeFileAtomic;
}
