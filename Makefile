# fdsh: the two commands are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
CTEST_ARGS ?= --output-on-failure -j$(JOBS)

.PHONY: all deps build run test unit cases asan asan-test conformance clean

all: build

deps:
	@tools/install-deps

$(BUILD)/build.ninja:
	cmake --preset release

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j$(JOBS)

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

conformance: build
	../shared/spec/run-spec --shell $(BUILD)/fdsh --files @posix-files.txt --jobs 2

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-debug
