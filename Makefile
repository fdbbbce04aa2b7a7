# The two commands a new machine needs: `make run` and `make test`.
# Each installs the Debian/Ubuntu packages that are missing, configures, builds, then runs.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
# Extra CMake flags for the main build, e.g. CMAKE_FLAGS=-DSTATELENS_WERROR=ON (what .ci/run sets). They
# reach a fresh build folder and, when given, an existing one too. The ASan and fuzz builds do not get
# them: users and sanitizer builds never build with -Werror.
CMAKE_FLAGS ?=
PACKAGES := qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev \
            libqt6svg6 libtorch-dev python3-torch zlib1g-dev libdeflate-dev xvfb xauth cmake g++ make \
            dpkg-dev desktop-file-utils appstream shared-mime-info xdg-utils libfile-mimeinfo-perl man-db

.PHONY: all deps configure build run test clean install package format-check

all: build

deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	fi

configure: deps
	@if [ ! -f $(BUILD_DIR)/CMakeCache.txt ]; then \
	  cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS); \
	elif [ -n "$(strip $(CMAKE_FLAGS))" ]; then \
	  cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS); \
	fi

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/app/statelens $(BUILD_DIR)/demo/demo.pth

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan ASAN_LABELS="$(ASAN_LABELS_IN_TEST)"
	$(MAKE) --no-print-directory fuzz

clean:
	rm -rf $(BUILD_DIR)

# `make install PREFIX=DIR` (default /usr/local; DESTDIR is honoured): the programs, the test-load
# plugin (found relative to the programs), the menu entry, file types, metainfo, man pages and completion.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# The Debian package, in $(BUILD_DIR): `apt install ./$(BUILD_DIR)/statelens_*.deb`.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# Fails on any C++ file that clang-format (the committed .clang-format) would change; .ci/run runs it.
CLANG_FORMAT ?= clang-format
format-check:
	$(call install_missing,clang-format)
	git ls-files -z '*.cpp' '*.h' | xargs -0 $(CLANG_FORMAT) --dry-run --Werror

# ---- Safety checks (README "Safety") ---------------------------------------------------------------

.PHONY: test-asan fuzz-deps fuzz

# Installs the Debian packages named in $(1) that are missing.
define install_missing
@missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  echo "Installing missing packages:$$missing"; \
  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
fi
endef

# `make test` ends with this: the suites of four CTest labels (format, safety, models and ui: the
# reading, corruption, payload, limit and export-fault tests, the item models, and the widgets on the
# offscreen platform), plus those labelled `sanitize` (the inspect oracle and the export round trip),
# again built with AddressSanitizer and UBSan (-DSTATELENS_SANITIZE=ON) in a folder of their own. Only
# the targets those suites need are built (tests_LABEL, one target per label), at -O1 (as ASan
# advises; it compiles a third faster than -O3). tests/fuzz/lsan.supp lists the known leaks outside our
# code, each with why; leak checking stays on for ours.
ASAN_BUILD_DIR ?= build-asan
# `make test-asan` runs every label that reads files or drives the models and widgets (offscreen).
# `make test` (and so CI) runs the first three only: building the models and GUI suites a second time
# under ASan would take `make test` on a fresh 2-core machine past its 25-minute budget.
ASAN_LABELS ?= format safety sanitize models ui
ASAN_LABELS_IN_TEST ?= format safety sanitize
SANITIZER_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 QT_QPA_PLATFORM=offscreen

test-asan: deps
	@test -f $(ASAN_BUILD_DIR)/CMakeCache.txt || \
	  cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" \
	        -DSTATELENS_SANITIZE=ON
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS) --target statelens-cli $(addprefix tests_,$(ASAN_LABELS))
	cd $(ASAN_BUILD_DIR) && $(SANITIZER_ENV) \
	  ctest --output-on-failure -j $(JOBS) -L '^($(subst $(eval) ,|,$(strip $(ASAN_LABELS))))$$'

# libFuzzer, with clang; `make test` ends with it, 60 s a target. `make fuzz FUZZ_SECONDS=N` builds the
# three targets in build-fuzz, seeds them from the fixtures and the real checkpoints, runs each for
# N seconds, and fails if one crashes. The
# corpora grow in build-fuzz/corpus; a crash input is written to build-fuzz/crashes/<target>/ (keep it
# under tests/fuzz/regressions/ as open-*, pickle-* or recipe-* once fixed).
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PACKAGES))

fuzz: fuzz-deps
	@test -f $(FUZZ_BUILD_DIR)/CMakeCache.txt || \
	  CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=Release -DSTATELENS_FUZZ=ON
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target fuzz_targets
	rm -rf $(FUZZ_BUILD_DIR)/seeds
	/usr/bin/python3 tests/fuzz/make_seeds.py $(FUZZ_BUILD_DIR)/seeds $(CURDIR)/tests/data/real-checkpoints
	@failed=""; \
	for spec in pickle_vm:pickle:131072 open:open:131072 recipe:recipe:4096; do \
	  target=$${spec%%:*}; rest=$${spec#*:}; corpus=$${rest%%:*}; maxlen=$${rest#*:}; \
	  mkdir -p $(FUZZ_BUILD_DIR)/corpus/$$corpus $(FUZZ_BUILD_DIR)/crashes/$$corpus; \
	  echo "fuzz_$$target: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_ENV) $(FUZZ_BUILD_DIR)/tests/fuzz/fuzz_$$target $(FUZZ_BUILD_DIR)/corpus/$$corpus \
	    $(FUZZ_BUILD_DIR)/seeds/$$corpus -max_total_time=$(FUZZ_SECONDS) -max_len=$$maxlen -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD_DIR)/crashes/$$corpus/ \
	    > $(FUZZ_BUILD_DIR)/fuzz_$$target.log 2>&1 \
	  || { failed="$$failed fuzz_$$target"; tail -n 40 $(FUZZ_BUILD_DIR)/fuzz_$$target.log; }; \
	  grep -h '^stat::number_of_executed_units\|^stat::peak_rss_mb' $(FUZZ_BUILD_DIR)/fuzz_$$target.log || true; \
	done; \
	if [ -n "$$failed" ]; then echo "crashes in:$$failed (inputs under $(FUZZ_BUILD_DIR)/crashes/)"; exit 1; fi

# ---- Benchmarks (README "Performance"; not part of `make test`) -------------------------------------

.PHONY: bench

# Builds, writes the two benchmark checkpoints once (2 GB and 30,000 keys, cached in BENCH_DATA), then
# times statelens-cli and the GUI against plain PyTorch: median of BENCH_RUNS alternating runs per row.
# The table goes to the terminal and to $(BUILD_DIR)/bench-results.md. Keep the machine otherwise idle.
# BENCH_ROWS="inspect-2g inspect-30k stats remap transform gui diff scan" picks rows (all by default).
BENCH_DATA ?= $(BUILD_DIR)/bench-data
BENCH_BIN ?= $(BUILD_DIR)/app
BENCH_RUNS ?= 3
BENCH_ROWS ?=

bench: build
	BENCH_DATA=$(BENCH_DATA) /usr/bin/python3 tests/bench/make_bench_data.py
	BENCH_DATA=$(BENCH_DATA) BENCH_BIN=$(BENCH_BIN) BENCH_RUNS=$(BENCH_RUNS) \
	  BENCH_RESULTS=$(BUILD_DIR)/bench-results.md /usr/bin/python3 tests/bench/run_bench.py $(BENCH_ROWS)

# ---- Translations ---------------------------------------------------------------------------------

.PHONY: translations

# Refreshes translations/*.ts from every tr() in app/, ui/ and model/ (the same files and flags as
# tst_translations' up-to-date check), then translate the new `unfinished` entries by hand. Direct
# lupdate on the file list takes a second; the CMake target `update_translations` parses through clang
# and takes over ten minutes on 2 cores.
LUPDATE ?= /usr/lib/qt6/bin/lupdate
translations:
	$(LUPDATE) -no-obsolete -locations none -I model \
	  $$(find app ui model \( -name '*.cpp' -o -name '*.h' \) | sort) \
	  -ts translations/statelens_de.ts translations/statelens_zh_CN.ts
