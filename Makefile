# fdsh: the two commands are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_CPU   ?= 1800
JOBS       ?= 2
PREFIX     ?= /usr/local
DESTDIR    ?=
CTEST_ARGS ?= --output-on-failure -j$(JOBS)

.PHONY: all deps build install run test clients difftest unit cases asan asan-test conformance valgrind fuzz-build fuzz fuzz-smoke clean

all: build

deps:
	@tools/install-deps

$(BUILD)/build.ninja:
	cmake --preset release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j$(JOBS)

# The binary to $(DESTDIR)$(PREFIX)/bin, the man page to $(DESTDIR)$(PREFIX)/share/man/man1.
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

run: build
	$(BUILD)/fdsh -i

test: build
	cd $(BUILD) && ctest $(CTEST_ARGS)

$(ASAN_BUILD)/build.ninja:
	cmake --preset asan-ubsan

asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j$(JOBS)

asan-test: asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=0 ctest $(CTEST_ARGS)

# A differential campaign: DIFF_N generated scripts from DIFF_SEED, fdsh against dash and
# bash --posix (tests/diff/difftest.py; `make test` runs the cases and 60 of them).
DIFF_N    ?= 2000
DIFF_SEED ?= $(shell date +%s)
difftest: build
	tests/diff/difftest.py --shell $(BUILD)/fdsh --no-cases --generate $(DIFF_N) --seed $(DIFF_SEED)

# Real programs' own test suites (modernish, bats-core, shellspec) run by fdsh, when they
# have been extracted (../shared/clients/README.md says how to get them).
CLIENTS      ?= ../shared/clients
CLIENTS_DIR  ?= $(or $(CLIENTS_SUITES),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/fdsh-clients)
clients: build
	@if [ ! -x "$(CLIENTS)/run" ]; then \
	  echo "clients: no runner at $(CLIENTS)/run"; exit 2; \
	elif [ ! -d "$(CLIENTS_DIR)/modernish" ] || [ ! -d "$(CLIENTS_DIR)/bats-core" ] || [ ! -d "$(CLIENTS_DIR)/shellspec" ]; then \
	  echo "clients: no suites in $(CLIENTS_DIR): fetch modernish/modernish, bats-core/bats-core and"; \
	  echo "shellspec/shellspec, then $(CLIENTS)/get-suites MIRROR_ROOT (see $(CLIENTS)/README.md)"; exit 2; \
	else \
	  $(CLIENTS)/run --suites "$(CLIENTS_DIR)" $(BUILD)/fdsh $(CLIENT_SUITES); \
	fi

# A documented subset of the cases with fdsh under valgrind memcheck (tests/valgrind/run).
valgrind: build
	tests/valgrind/run $(BUILD)

# libFuzzer targets (clang 16; tools/install-deps --fuzz installs it). fuzz-smoke runs each
# target for 60 s (CI); `make fuzz` runs a campaign of FUZZ_CPU CPU-seconds per target.
$(FUZZ_BUILD)/build.ninja:
	cmake --preset fuzz

fuzz-build:
	@tools/install-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j$(JOBS)

fuzz-smoke: fuzz-build
	tests/fuzz/run -t 60 -b $(FUZZ_BUILD)

fuzz: fuzz-build
	tests/fuzz/run -c $(FUZZ_CPU) -b $(FUZZ_BUILD)

conformance: build
	../shared/spec/run-spec --shell $(BUILD)/fdsh --files @posix-files.txt --jobs 2

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-debug
