// The compiled snapshot check: true when a parsed document fits schema.ts. Here it is compiled when
// the module loads (tests, bench/); the build replaces this module in the bundle with the code
// TypeCompiler.Code generates from the same schema (scripts/build.mjs), so the CLI neither compiles
// at start-up nor loads the TypeBox compiler.
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { SNAPSHOT_SCHEMA } from './schema.js';

const compiled = TypeCompiler.Compile(SNAPSHOT_SCHEMA);

export const checkSnapshot = (value: unknown): boolean => compiled.Check(value);
