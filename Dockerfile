# One image for all five services; docker-compose.yml picks the service with `command`.
FROM node:20-bookworm-slim

WORKDIR /app
# No Nx daemon or cloud inside a one-shot image build.
ENV NX_DAEMON=false NX_NO_CLOUD=true

# Sources before `npm ci` on purpose: the npm workspaces (libs/*) must exist for npm to link them.
COPY . .
RUN npm ci --no-audit --no-fund && npx nx run-many -t build --output-style=static

# Set after `npm ci`: with NODE_ENV=production npm would skip the dev dependencies the build needs.
# Dev dependencies stay installed: pruning is not safe with the symlinked workspace libs.
ENV NODE_ENV=production HOST=0.0.0.0
USER node
CMD ["node", "apps/gateway/dist/main.js"]
