# kg: the two commands of the README quick start, and the rest of the workflow.
#   make shell   set up, build, build the store from triples/ and open kg on it
#   make test    set up, build, run the whole test suite
#   make bench   the import and query benchmarks, then kg beside its peers (bench/RESULTS.md)
#   make bench-query  the query benchmark alone (query latency on 1M generated facts, one-shot kg query)

BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
KG := $(BUILD)/kg
STORE := $(BUILD)/default.kg
TRIPLES := $(sort $(wildcard triples/*.tsv))

# Debian 12 packages kg builds and tests with.
PACKAGES := g++ cmake make pkg-config libboost-dev libsqlite3-dev libcli11-dev doctest-dev \
            libexpected-dev libedit-dev sqlite3 time tmux

.PHONY: all deps configure build shell test bench bench-query clean

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

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

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

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# query_bench.sh builds the store from triples/ itself when it is missing or
# stale. The peer benchmark: kg, the raw SQLite ceiling, Oxigraph, RDFLib and
# Redland on the same files; writes bench/RESULTS.md.
BENCH_SIZES ?= 100000 1000000 10000000
bench: build
	bench/import_bench.sh $(BUILD)
	bench/query_bench.sh $(BUILD)
	bench/peer_bench.sh $(BUILD) "$(BENCH_SIZES)"

bench-query: build
	bench/query_bench.sh $(BUILD)

clean:
	rm -rf $(BUILD)
