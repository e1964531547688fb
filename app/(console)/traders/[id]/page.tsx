import { TraderDetailView } from "./trader-detail-view";

export const metadata = { title: "Trader" };

export default async function TraderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <TraderDetailView id={id} />;
}
