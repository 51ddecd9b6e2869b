/** The built sandbox worker's address (the multi-file build only; see sandbox-client.ts). */
export { default } from './sandbox.worker.ts?worker&url';
