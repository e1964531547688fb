import { notFound } from "next/navigation";

// Any URL no other route takes lands here, inside the console layout, so the 404 keeps the
// navigation (and, like every console page, asks for a session first).
export default function MissingPage() {
  notFound();
}
