# The two commands of the README: `make run` brings up samenbord (web
# client built, server on the embedded SQLite default, content loaded);
# `make test` runs every test. Both work on a fresh machine: they install
# what they need (npm packages from the lockfiles, Debian's chromium and
# LibreOffice, PostgreSQL and HAProxy) and leave every tracked file as it was.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

ADDR ?= 127.0.0.1:8080
DATA_DIR ?= data

.PHONY: run test web chromium libreoffice cluster-tools rust-test web-test browser-test interop-test clean-check

run: web
	@echo "== Building the server (release). The first build takes 5 to 15 minutes; later ones seconds."
	cargo build --release -p samenbord-server
	echo "== Starting samenbord (data in $(DATA_DIR)/). Stop it with Ctrl-C."
	target/release/samenbord serve \
		--addr "$(ADDR)" --data-dir "$(DATA_DIR)" --content-dir content --web-dir web/dist

test: rust-test web-test browser-test interop-test

# `npm ci` installs exactly the lockfile and never rewrites it. The stamp
# inside node_modules goes when `npm ci` empties the folder, so a failed
# install is retried next time.
NPM_CI = npm ci --no-audit --no-fund

web/node_modules/.ci-stamp: web/package.json web/package-lock.json
	@echo "== Installing the web client's packages (npm ci, about a minute the first time)"
	(cd web && $(NPM_CI))
	touch $@

tests/browser/node_modules/.ci-stamp: tests/browser/package.json tests/browser/package-lock.json
	(cd tests/browser && $(NPM_CI))
	touch $@

tests/interop/node_modules/.ci-stamp: tests/interop/package.json tests/interop/package-lock.json
	(cd tests/interop && $(NPM_CI))
	touch $@

# The web client is rebuilt only when something it is built from changed.
WEB_INPUTS := $(shell find web/src -type f) web/index.html web/vite.config.ts web/tsconfig.json \
	web/package.json web/package-lock.json web/node_modules/.ci-stamp

web/dist/index.html: $(WEB_INPUTS)
	@echo "== Building the web client (about a minute)"
	(cd web && npm run build)
	touch $@

web: web/dist/index.html

rust-test: libreoffice cluster-tools
	cargo test --workspace --all-targets

web-test: web/node_modules/.ci-stamp
	(cd web && npm run typecheck && npm test)

chromium:
	if [ ! -x /usr/bin/chromium ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	fi

# The summary exports are opened in headless LibreOffice by a Rust test.
libreoffice:
	if ! command -v soffice >/dev/null; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui >/dev/null
	fi

# The PostgreSQL storage tests and the cluster test start their own
# PostgreSQL and HAProxy (Debian's, run as an unprivileged user).
cluster-tools:
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v haproxy >/dev/null; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			postgresql haproxy >/dev/null
	fi

browser-test: web chromium tests/browser/node_modules/.ci-stamp
	cargo build -p samenbord-server
	(cd tests/browser && npm test)

interop-test: tests/interop/node_modules/.ci-stamp
	cargo build -p samenbord-server
	(cd tests/interop && npm test)

# For CI: fails when a build or a test changed or added a tracked or
# unignored file (a rewritten lockfile, a stray artifact).
clean-check:
	@if [ -n "$$(git status --porcelain)" ]; then
		echo "the work tree changed:"
		git status --porcelain
		exit 1
	fi
