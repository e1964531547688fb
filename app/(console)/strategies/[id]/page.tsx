import { StrategyDetailView } from "./strategy-detail-view";

export const metadata = { title: "Strategy" };

export default async function StrategyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <StrategyDetailView id={decodeURIComponent(id)} />;
}
