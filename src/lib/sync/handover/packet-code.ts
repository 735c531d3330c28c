/** What the phone loads on demand to build and check packets (state/board/handover.svelte.ts). */
export { buildPacket } from './build-packet';
export { checkPacket } from './check-packet';
export { standingInDoc } from './standing-in-doc';
