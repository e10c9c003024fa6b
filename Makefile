# fdsh: the two commands are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_CPU   ?= 1800
JOBS       ?= 2
PREFIX     ?= /usr/local
DESTDIR    ?=
CTEST_ARGS ?= --output-on-failure -j$(JOBS)

.PHONY: all deps build install run test unit cases asan asan-test conformance valgrind fuzz-build fuzz fuzz-smoke clean

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
