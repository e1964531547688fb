import { OperationDetailView } from "./operation-detail-view";

export const metadata = { title: "Operation" };

export default async function OperationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OperationDetailView id={id} />;
}
