# A thin wrapper around CMake (as neovim's is). Every target first installs
# what is missing (scripts/install-deps: apt-get, as root).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build test demo golden-update format sanitize clean

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

# The main job on the embedded default: a SQLite file under ./demo/.
demo: build
	@scripts/demo $(BUILD_DIR)/soas

# Rewrites the golden expectations from the current binary. Only on purpose:
# review the diff (git diff tests/golden) before committing it.
golden-update: build
	cmake --build $(BUILD_DIR) --target golden-update

format: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) --target format

# The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	$(MAKE) test BUILD_DIR=build-sanitize BUILD_TYPE=Debug CMAKE_FLAGS=-DSOAS_SANITIZE=ON

clean:
	rm -rf $(BUILD_DIR) build-sanitize demo
