# A thin wrapper around CMake (as neovim's is). Every target first installs
# what is missing (scripts/install-deps: apt-get, as root).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all deps build test demo install golden-update format sanitize fuzz package clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The whole test suite: unit tests (Catch2) and golden tests (the real binary).
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The main job on the embedded default: a SQLite file under ./demo/. Builds
# only soas and its two libraries, none of the unit tests, fuzz replays and
# benchmarks (make test builds those). The first build's time was measured on
# a 2-core machine with no compiler cache.
demo: deps $(BUILD_DIR)/CMakeCache.txt
	@[ -x $(BUILD_DIR)/soas ] || echo "make demo: the first build of soas takes about 17 minutes on a busy 2-core machine, less on an idle one (everything, for make test: about 22); later ones rebuild only what changed"
	cmake --build $(BUILD_DIR) -j $(JOBS) --target soas
	@scripts/demo $(BUILD_DIR)/soas

# soas, its man pages and its bash and zsh completions under $(DESTDIR)$(PREFIX).
install: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS) --target soas soas_share
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

# Rewrites the golden expectations from the current binary. Only on purpose:
# review the diff (git diff tests/golden) before committing it.
golden-update: build
	cmake --build $(BUILD_DIR) --target golden-update

format: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) --target format

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	$(MAKE) test BUILD_DIR=build-sanitize BUILD_TYPE=Debug CMAKE_FLAGS=-DSOAS_SANITIZE=ON

# The Debian package (CPack): soas, man pages, bash and zsh completions,
# samples, copyright and changelog; tests/package-test runs lintian on it.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# libFuzzer on every target for FUZZ_SECONDS each (clang 14, ASan + UBSan);
# ctest only replays the corpora. See tests/fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/install-deps --fuzz
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DSOAS_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzz_xlsx fuzz_csv fuzz_yaml fuzz_records fuzz_settlement fuzz_documents fuzz_validators
	scripts/fuzz build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) build-sanitize build-fuzz demo
