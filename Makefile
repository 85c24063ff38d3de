# TechDesk — the two set-up commands are `make run` and `make test`; everything else is a step of them.
SHELL := /bin/bash
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
DB ?= sqlite://$(CURDIR)/data/techdesk.db
LISTEN ?= 127.0.0.1:8080
PYTHON := /usr/bin/python3
# CI builds with warnings as errors.
WERROR := $(if $(CI),ON,OFF)

WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/package.json web/package-lock.json web/tsconfig*.json -type f 2>/dev/null)

.PHONY: deps configure server web build run test test-unit test-api test-e2e bench bench-micro format lint clean fuzz fuzz-build

deps:
	@bash scripts/bootstrap.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DTECHDESK_WERROR=$(WERROR)

configure: deps $(BUILD_DIR)/build.ninja

server: configure
	cmake --build $(BUILD_DIR) --parallel

web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build

web: deps web/dist/index.html

build: server web

run: build
	@mkdir -p data
	@if [ ! -f data/techdesk.db ]; then \
	  $(BUILD_DIR)/techdesk migrate --db $(DB) && $(BUILD_DIR)/techdesk demo-data --db $(DB); \
	fi
	@bash scripts/print-demo-logins.sh
	$(BUILD_DIR)/techdesk serve --db $(DB) --listen $(LISTEN) --web-root web/dist

test: build fuzz-build
	@bash scripts/run-tests.sh

test-unit: server
	cd $(BUILD_DIR) && ctest --output-on-failure --timeout 300

test-api: server
	TECHDESK_BIN=$(CURDIR)/$(BUILD_DIR)/techdesk $(PYTHON) -m pytest tests/api -q

test-e2e: build
	cd tests/e2e && TECHDESK_BIN=$(CURDIR)/$(BUILD_DIR)/techdesk TECHDESK_WEB_ROOT=$(CURDIR)/web/dist node --test

# The mail parser's libFuzzer target (clang): `make fuzz` runs it for FUZZ_SECONDS (default 600);
# `make test` runs it for 60 s.
FUZZ_SECONDS ?= 600
fuzz-build: deps
	cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz

fuzz: fuzz-build
	bash scripts/fuzz-mail.sh $(FUZZ_SECONDS)

bench: build
	bash bench/run.sh

bench-micro: server
	$(BUILD_DIR)/bench/hot_paths_bench

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i
	cd web && npx prettier --write src

lint:
	git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror
	cd web && npm run lint && npm run format:check

clean:
	rm -rf $(BUILD_DIR) web/dist
