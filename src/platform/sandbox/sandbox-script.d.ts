/** `import script from './x.sandbox.ts?sandbox-script'`: the bundled text (scripts/vite-sandbox.ts). */
declare module '*?sandbox-script' {
  const script: string;
  export default script;
}
