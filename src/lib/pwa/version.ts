/** Replaced at build time by vite.config.ts (`define`): package version + build id. */
declare const __QUARTIER_VERSION__: string;

/** The version this page runs, e.g. `0.1.0+a1b2c3d`; shown in the footer, asserted by the e2e. */
export const APP_VERSION: string = __QUARTIER_VERSION__;
