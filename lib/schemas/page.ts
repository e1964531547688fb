import { z } from "zod";

/** One page of a keyset-paginated console list (lib/server/cursor.ts). */
export const pageOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), next_cursor: z.string().nullable() });
