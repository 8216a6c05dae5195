// The TypeBox building blocks schema.ts and schema-services.ts share.
import { Type, type TSchema } from '@sinclair/typebox';

export const str = Type.String();
export const num = Type.Number();
export const bool = Type.Boolean();
export const any = Type.Unknown();
export const arr = <T extends TSchema>(of: T) => Type.Array(of);
export const rec = <T extends TSchema>(of: T) => Type.Record(Type.String(), of);
/** An object whose listed fields are all optional and whose other keys are kept and not checked. */
export const obj = <P extends Record<string, TSchema>>(fields: P) =>
  Type.Partial(Type.Object(fields));
export const strs = arr(str);
export const tags = arr(obj({ Key: str, Value: str }));
export const port = Type.Integer({ minimum: 0, maximum: 65535, description: 'a port number 0-65535' });
/** One of the spellings AWS documents; `description` is the "expected …" text of the error. */
export const oneOf = (values: string[], description: string) => Type.Union(values.map((v) => Type.Literal(v)), { description });
