import { DeliveryDetailView } from "./delivery-detail-view";

export const metadata = { title: "Delivery" };

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeliveryDetailView id={id} />;
}
