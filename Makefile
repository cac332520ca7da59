# sanxiang — the two commands are `make run` and `make test` (see README.md).
# Each installs what is missing (scripts/setup.sh), builds what is out of date, then runs.
SHELL := /bin/bash
BUILD := build/release
ASAN  := build/asan
CMAKE_FLAGS := -G Ninja -DSANXIANG_TESTS=ON
WEB_INPUTS := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
              web/package.json web/package-lock.json $(wildcard web/vite.config.ts web/tsconfig*.json)

.PHONY: all deps build cxx web run test bench clean

all: build

deps:
	@bash scripts/setup.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release

$(ASAN)/build.ninja: | deps
	cmake -S . -B $(ASAN) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DSANXIANG_SANITIZE=ON

cxx: $(BUILD)/build.ninja
	@ninja -C $(BUILD) sanxiang

web/dist/index.html: $(WEB_INPUTS) | deps
	cd web && npm run build

web: web/dist/index.html

## build: the release binary build/release/sanxiang and the web app web/dist
build: deps cxx web

## run: serve on http://127.0.0.1:8080 with SQLite under ./var (demo data on first start)
run: build
	@mkdir -p var
	@exec $(BUILD)/sanxiang serve --demo-if-empty true

## test: unit, contract (SQLite + PostgreSQL), HTTP and browser tests, plus an ASan/UBSan run
test: build $(ASAN)/build.ninja
	@bash scripts/test.sh $(BUILD) $(ASAN)

## bench: micro-benchmarks with their baselines (openssl speed), PDF rendering, the case-step API
## at 50 clients against /healthz, a 1 GiB evidence upload against sha256sum, then wrk against
## sanxiang and nginx with 1,000,000 generated disclosures and their search latency
## (BENCH_DISCLOSURES=0 skips them), a 双随机 draw of 10,000 from 1,000,000 with its verify, and
## the annual statistics report over 1,000,000 cases on SQLite and PostgreSQL (see
## docs/benchmarks.md)
bench: build
	@cmake -S . -B $(BUILD) -DSANXIANG_BENCH=ON >/dev/null
	@ninja -C $(BUILD) auth_bench ledger_bench ledger_store_bench calendar_bench render_bench case_bench upload_bench draw_bench report_bench
	$(BUILD)/bench/auth_bench
	$(BUILD)/bench/calendar_bench
	$(BUILD)/bench/ledger_bench
	openssl speed -seconds 3 sha256 2>/dev/null | tail -2
	$(BUILD)/bench/ledger_store_bench
	openssl speed -seconds 3 sha256 2>/dev/null | tail -1
	$(BUILD)/bench/render_bench
	$(BUILD)/bench/case_bench --binary $(BUILD)/sanxiang
	$(BUILD)/bench/upload_bench --binary $(BUILD)/sanxiang
	$(BUILD)/bench/draw_bench --binary $(BUILD)/sanxiang
	$(BUILD)/bench/report_bench
	@dir=$$(mktemp -d) && chmod 755 $$dir && bash scripts/pg.sh start $$dir/pg > $$dir/url && \
	  $(BUILD)/bench/report_bench --db "$$(tail -1 $$dir/url)"; status=$$?; \
	  bash scripts/pg.sh stop $$dir/pg >/dev/null; rm -rf $$dir; exit $$status
	@BENCH_DISCLOSURES=$${BENCH_DISCLOSURES:-1000000} bash bench/run.sh $(BUILD)/sanxiang

clean:
	rm -rf build web/dist
