/**
 * The WebCrypto type names the app's domain code uses (identity/sealed.ts), for the relay's
 * type-check: the relay imports pure domain code that reaches them (the directory summary reads
 * cowork records, which may hold sealed fields) without running it. Node's own WebCrypto types,
 * not the DOM library, which would let browser globals into relay code.
 */
type CryptoKey = import('node:crypto').webcrypto.CryptoKey;
type CryptoKeyPair = import('node:crypto').webcrypto.CryptoKeyPair;
type BufferSource = import('node:crypto').webcrypto.BufferSource;
