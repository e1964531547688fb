import { openApiDocument } from "./document";

let doc: ReturnType<typeof openApiDocument> | undefined;

/** Built once per process: the schemas do not change while it runs. */
export async function getOpenApiDocument() {
  doc ??= openApiDocument();
  return doc;
}
