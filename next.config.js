/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // undici: the relay's checked egress (lib/server/relay/egress.ts) uses the installed package as
  // Node loads it, not a bundled copy
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "undici"],
};
export default nextConfig;
