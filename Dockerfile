# samenbord in one image: the web client built with Node, the server with
# Rust, run on a slim Debian with the data folder as a volume.
FROM node:20-bookworm AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock rustfmt.toml clippy.toml ./
COPY crates/ crates/
RUN cargo build --release -p samenbord-server

FROM debian:bookworm-slim
RUN useradd --system --home /var/lib/samenbord samenbord \
    && mkdir -p /var/lib/samenbord && chown samenbord /var/lib/samenbord
COPY --from=server /src/target/release/samenbord /usr/local/bin/samenbord
COPY --from=web /src/web/dist /usr/share/samenbord/web
COPY content/ /usr/share/samenbord/content
USER samenbord
ENV SAMENBORD_ADDR=0.0.0.0:8080 \
    SAMENBORD_DATA_DIR=/var/lib/samenbord \
    SAMENBORD_CONTENT_DIR=/usr/share/samenbord/content \
    SAMENBORD_WEB_DIR=/usr/share/samenbord/web
EXPOSE 8080
VOLUME ["/var/lib/samenbord"]
ENTRYPOINT ["samenbord", "serve"]
