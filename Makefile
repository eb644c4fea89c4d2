# kg: the two commands of the README quick start, and the rest of the workflow.
#   make shell   set up, build, build the store from triples/ and open kg on it
#   make test    set up, build, run the whole test suite
#   make bench   the import and query benchmarks, then kg beside its peers (bench/RESULTS.md)
#   make bench-query  the query benchmark alone (query latency on 1M generated facts, one-shot kg query)
#   make bench-questions  the reader questions of tests/questions/ asked in plain English: scores
#   make sanitize  the whole test suite again, built with clang under ASan and UBSan (in build-san)
#   make fuzz    every fuzz target for FUZZ_SECONDS (60) each, in the same build (docs/robustness.md)
#   make fuzz-diff SEED=1 N=3000  N random queries in kg and Oxigraph; saves shrunk mismatches (docs/oracle.md)

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
KG := $(BUILD)/kg
STORE := $(BUILD)/default.kg
TRIPLES := $(sort $(wildcard triples/*.tsv))

# Debian 12 packages kg builds and tests with.
PACKAGES := g++ cmake make pkg-config libboost-dev libboost-regex-dev libsqlite3-dev libcli11-dev doctest-dev libstemmer-dev \
            libexpected-dev libedit-dev libserd-dev libssl-dev nlohmann-json3-dev sqlite3 time tmux

.PHONY: release all deps deps-san oracle-deps configure build build-san shell test sanitize fuzz fuzz-diff bench bench-query bench-questions clean

all: build

# Installs whatever is missing, with sudo when not root.
deps:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" -ne 0 ] && sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# What the sanitizer and fuzzing build needs besides; installed only when
# that build is asked for, so make test works without clang.
SAN_PACKAGES := clang-14 libclang-rt-14-dev llvm-14

deps-san:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) $(SAN_PACKAGES)"

# WERROR=ON makes warnings errors (development and CI; .ci/run sets it).
WERROR ?= OFF

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKG_WERROR=$(WERROR)

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The default store, rebuilt whenever triples/ changes.
$(STORE): $(TRIPLES) | build
	rm -f $@.new $@.new-wal $@.new-shm
	$(KG) --db $@.new import --quiet $(TRIPLES)
	mv $@.new $@

shell: build
	@$(MAKE) --no-print-directory $(STORE)
	@$(KG) --db $(STORE) shell

# node, npm and the npm package oxigraph for the oracle test (docs/oracle.md),
# into BUILD/oracle. Never fails: without them the oracle tests are skipped.
oracle-deps:
	@tests/oracle/install.sh $(BUILD)/oracle

test: build oracle-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# kg-oracle: N random queries under SEED over random graphs, in kg and in
# Oxigraph; prints the totals and writes each shrunk mismatch to
# tests/oracle-regressions/ (exit code 1 when there are mismatches).
SEED ?= 1
N ?= 3000
fuzz-diff: build oracle-deps
	$(BUILD)/kg-oracle --seed $(SEED) --queries $(N)

# One clang build folder serves the sanitized test suite and the fuzz
# targets: every object is built once, with ASan, UBSan and libFuzzer's
# coverage hooks, at -O1.
SAN_BUILD ?= build-san
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz_query fuzz_ntriples fuzz_tabular
SAN_ENV := ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
           ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14

$(SAN_BUILD)/CMakeCache.txt: | deps-san
	cmake -S . -B $(SAN_BUILD) -DCMAKE_CXX_COMPILER=clang++-14 -DKG_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DKG_WERROR=$(WERROR)

build-san: deps-san $(SAN_BUILD)/CMakeCache.txt
	cmake --build $(SAN_BUILD) -j $(JOBS)

# kg as a user's Release build makes it (-O3), in build-release.
release: deps
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DKG_WERROR=$(WERROR)
	cmake --build build-release -j $(JOBS) --target kg

sanitize: build-san
	@tests/oracle/install.sh $(SAN_BUILD)/oracle
	cd $(SAN_BUILD) && $(SAN_ENV) ctest --output-on-failure -j $(JOBS)

# Findings are copied into tests/fuzz-regressions/<target>/ (see tests/fuzz/run.sh).
fuzz: deps-san $(SAN_BUILD)/CMakeCache.txt
	cmake --build $(SAN_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS)
	$(SAN_ENV) tests/fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

# query_bench.sh builds the store from triples/ itself when it is missing or
# stale. The peer benchmark: kg, the raw SQLite ceiling, Oxigraph, RDFLib and
# Redland on the same files; writes bench/RESULTS.md.
BENCH_SIZES ?= 100000 1000000 10000000
bench: build
	bench/import_bench.sh $(BUILD)
	bench/query_bench.sh $(BUILD)
	bench/peer_bench.sh $(BUILD) "$(BENCH_SIZES)"
	bench/sparql_bench.sh $(BUILD)
	@# The store layout weighed in docs/performance.md, on the largest news store.
	@db=$$(ls -S bench/data/peer-news-*.kg 2>/dev/null | head -n 1); \
	  if [ -n "$$db" ]; then echo "== layout probe: $$db"; bench/layout_probe.py "$$db"; fi

bench-query: build
	bench/query_bench.sh $(BUILD)

# The reader-question corpus asked in plain English (tests/questions/).
bench-questions: build
	@$(MAKE) --no-print-directory $(STORE)
	cmake --build $(BUILD) -j $(JOBS) --target kg-question-bench
	$(BUILD)/kg-question-bench $(STORE) tests/questions/tuning.q tests/questions/dev.q tests/questions/held-out.q

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
