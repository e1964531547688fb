import { ApiDocsView } from "./api-docs-view";

export const metadata = { title: "API reference" };

export default function ApiDocsPage() {
  return <ApiDocsView />;
}
