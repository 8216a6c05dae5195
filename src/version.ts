// vpcdoctor's version: package.json's, put in by the build (scripts/build.mjs) and by vitest.config.ts,
// so no literal in the code can fall behind the package.
declare const VPCDOCTOR_VERSION: string;

export const VERSION: string = VPCDOCTOR_VERSION;
