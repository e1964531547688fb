// Shared by POST /api/webhooks/test and the settings page's button.
import { relayError } from "@/lib/http/route";
import { sendTestWebhook, testSendBody } from "./test-send";

export async function testSendResponse(): Promise<Response> {
  const r = await sendTestWebhook();
  if (r.kind === "no_callback") return relayError(400, "No callback_url configured");
  return Response.json(testSendBody(r));
}
