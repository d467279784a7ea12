# The two commands of the README: `make run` brings up samenbord (web
# client built, server on the embedded SQLite default, content loaded);
# `make test` runs every test. Both work on a fresh machine: they install
# what they need (npm packages from the lockfiles, Debian's chromium).

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

ADDR ?= 127.0.0.1:8080
DATA_DIR ?= data

.PHONY: run test web web-deps node-test-deps chromium rust-test web-test browser-test interop-test

run: web
	cargo run --release -p samenbord-server -- serve \
		--addr "$(ADDR)" --data-dir "$(DATA_DIR)" --content-dir content --web-dir web/dist

test: rust-test web-test browser-test interop-test

# `npm ci` installs exactly the lockfile; where a registry mirror serves
# fewer optional platform packages than the lockfile names, it refuses,
# and `npm install` (which still honours the lockfile's versions) does it.
NPM_INSTALL = { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }

web-deps:
	(cd web && $(NPM_INSTALL))

web: web-deps
	(cd web && npm run build)

rust-test:
	cargo test --workspace --all-targets

web-test: web-deps
	(cd web && npm run typecheck && npm test)

chromium:
	if [ ! -x /usr/bin/chromium ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	fi

node-test-deps:
	(cd tests/browser && $(NPM_INSTALL))
	(cd tests/interop && $(NPM_INSTALL))

browser-test: web chromium node-test-deps
	cargo build -p samenbord-server
	(cd tests/browser && npm test)

interop-test: node-test-deps
	cargo build -p samenbord-server
	(cd tests/interop && npm test)
