// The whole app renders on the device: data lives in IndexedDB, not on a server.
export const ssr = false;
export const prerender = false;
