# satchel — a learner's wallet for digital badges, in the terminal.
#
#   make            build ./satchel
#   make run        install missing Debian packages, build, start satchel
#   make check      install test needs, build, run every test
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan
#   make bench      benchmarks (ratios against a baseline in the same run)
#   make diffcheck  N-Quads and verdicts against the reference stack (node/npm)
#   make fuzz FUZZ_TIME=30  run every libFuzzer target for FUZZ_TIME seconds
#   make install PREFIX=/usr/local DESTDIR=
#
# V=1 shows the commands.  Local overrides go in config.mk (never committed).

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/satchel
LOCALEDIR  ?= $(PREFIX)/share/locale
MANDIR     ?= $(PREFIX)/share/man

PKG_CONFIG ?= pkg-config
PKGS       := ncursesw jansson libcurl openssl libsecret-1 zlib libqrencode
# Opened with dlopen when first needed, not linked (include/satchel/dl.h):
# only their headers are used at build time.
PKGS_OPENED := libcurl libsecret-1
PKGS_LINKED := $(filter-out $(PKGS_OPENED),$(PKGS))
CC         ?= cc

-include config.mk

Q = $(if $(V),,@)

HAVE_PKGS := $(shell $(PKG_CONFIG) --exists $(PKGS) && echo ok)

CFLAGS   ?= -O3 -g
CFLAGS   += -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wvla -Wno-missing-field-initializers
CPPFLAGS += -Iinclude -D_GNU_SOURCE $(if $(HAVE_PKGS),$(shell $(PKG_CONFIG) --cflags $(PKGS)))
CPPFLAGS += -DSATCHEL_VERSION='"$(VERSION)"' -DSATCHEL_DATADIR='"$(DATADIR)"' \
            -DSATCHEL_LOCALEDIR='"$(LOCALEDIR)"'
LDLIBS   += $(if $(HAVE_PKGS),$(shell $(PKG_CONFIG) --libs $(PKGS_LINKED))) -ldl

ifeq ($(SANITIZE),1)
CFLAGS  += -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/asan
else
BUILD   := build/default
# Link-time optimization of what ships and what make bench times (the
# verifier's hot path crosses modules: ld, rdfc, buf, hashing).  Objects
# carry LTO bytecode and ordinary code (-ffat-lto-objects), so the unit
# tests and replays link them as usual, without LTO's link-time cost.
LTO_CFLAGS  := -flto=auto -ffat-lto-objects
LTO_LDFLAGS := -flto=auto
endif
ifeq ($(DEVELOPER),1)
CFLAGS += -Werror
endif

# Every .c under src/ except the program entry is library code, so that
# unit tests and fuzz targets link exactly what ships.
LIB_SRCS  := $(sort $(shell find src -name '*.c' ! -name main.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ  := $(BUILD)/src/main.o
LIB       := $(BUILD)/libsatchel.a

UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_HELP := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)

PO_FILES  := $(wildcard po/*.po)
MO_FILES  := $(PO_FILES:po/%.po=build/locale/%/LC_MESSAGES/satchel.mo)

all: satchel $(MO_FILES)

satchel: $(BUILD)/satchel
	$(Q)ln -sf $< $@

$(BUILD)/satchel: $(MAIN_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(LTO_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LDLIBS)

# A clear message instead of a cascade of compile errors when a library
# is missing ('make run' and 'make check' install them first).
pkgcheck:
	@$(PKG_CONFIG) --exists $(PKGS) || { echo "satchel: missing libraries: run 'make setup' (or install" \
		"libncurses-dev libjansson-dev libcurl4-openssl-dev libssl-dev libsecret-1-dev zlib1g-dev libqrencode-dev pkgconf)" >&2; exit 1; }

$(LIB_OBJS) $(MAIN_OBJ): | pkgcheck

$(LIB): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@) $(dir $(BUILD)/.deps/$*)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LTO_CFLAGS) -MMD -MP -MF $(BUILD)/.deps/$*.d -c -o $@ $<

-include $(shell find $(BUILD)/.deps -name '*.d' 2>/dev/null)

# The TUI's default key bindings (share/satchel.conf), compiled in as a
# C string that src/tui/config.c includes.
GEN_CONF  := build/gen/builtin-conf.h
CPPFLAGS  += -Ibuild/gen

$(GEN_CONF): share/satchel.conf
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< >$@.tmp && mv $@.tmp $@

$(BUILD)/src/tui/config.o build/fuzz/obj/src/tui/config.o: $(GEN_CONF)

build/locale/%/LC_MESSAGES/satchel.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

# ---- tests ------------------------------------------------------------
$(BUILD)/tests/%: tests/unit/%.c $(UNIT_HELP) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) -o $@ $< $(UNIT_HELP) $(LIB) $(LDLIBS) -lcmocka

# test-rdfc-evp compiles these two into itself (see its comment).
$(BUILD)/tests/test-rdfc-evp: tests/unit/test-rdfc.c src/ld/rdfc.c

$(BUILD)/tools/%: tests/tools/%.c $(wildcard tests/tools/*.h) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LTO_CFLAGS) $(LDFLAGS) $(LTO_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# Each fuzz target also links with tests/fuzz/replay.c into a plain
# program of this build (sanitizers included), which tests/run.sh runs
# over the target's seed corpus.
REPLAY_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/replay/%,$(wildcard tests/fuzz/fuzz-*.c))

$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

tests-build: all $(UNIT_BINS) $(TOOL_BINS) $(REPLAY_BINS)

# `make check` installs what the tests need (apt-get, when root or through
# sudo), builds, and runs unit, then CLI tests; the last line it prints is
# "N passed, N failed".
check: setup-test
	$(Q)$(MAKE) --no-print-directory tests-build
	$(Q)BUILD=$(BUILD) sh tests/run.sh

check-only: tests-build
	$(Q)BUILD=$(BUILD) sh tests/run.sh

setup:
	$(Q)sh tests/tools/setup.sh run

setup-test:
	$(Q)sh tests/tools/setup.sh test

run: setup
	$(Q)$(MAKE) --no-print-directory all
	./satchel $(ARGS)

# ---- fuzzing (clang + libFuzzer) ---------------------------------------
FUZZ_TIME ?= 20
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $<"
	$(Q)clang $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
		-MMD -MP -MF $(@:.o=.d) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(FUZZ_LIB_OBJS)
	@echo "  LD-FUZZ $@"
	$(Q)clang $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJS) $(LDLIBS)

# Header changes must rebuild the fuzz objects too (struct layouts).
-include $(shell find build/fuzz/obj -name '*.d' 2>/dev/null)

fuzz-build: $(FUZZ_BINS)

.SECONDARY: $(FUZZ_LIB_OBJS)

fuzz: fuzz-build
	$(Q)for f in $(FUZZ_BINS); do \
		n=$$(basename $$f); c=tests/fuzz/corpus/$${n#fuzz-}; mkdir -p build/fuzz/work/$$n; \
		echo "  FUZZ    $$n ($(FUZZ_TIME)s)"; \
		$$f -max_total_time=$(FUZZ_TIME) -max_len=65536 -print_final_stats=0 build/fuzz/work/$$n $$c >build/fuzz/$$n.log 2>&1 \
			|| { tail -40 build/fuzz/$$n.log; exit 1; }; \
	done; echo "fuzz: all targets ran $(FUZZ_TIME)s without a finding"

# ---- benchmarks -------------------------------------------------------
bench: all $(TOOL_BINS)
	$(Q)BUILD=$(BUILD) sh tests/bench/run.sh

# satchel against the reference stack: canonical N-Quads of random
# credential-shaped documents and verdicts on credentials signed, then
# changed (tests/bench/oracle/diff-*.mjs); needs node/npm.
diffcheck: all
	$(Q)python3 tests/bench/bench.py $(BUILD)/satchel canon

# ---- install ----------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/satchel $(DESTDIR)$(BINDIR)/satchel
	cp -R share/contexts share/samples share/portfolio.schema.json $(DESTDIR)$(DATADIR)/
	install -m 644 share/man/satchel.1 $(DESTDIR)$(MANDIR)/man1/satchel.1
	install -m 644 share/man/satchel-pathway.5 $(DESTDIR)$(MANDIR)/man5/satchel-pathway.5
	for mo in $(MO_FILES); do l=$${mo#build/locale/}; install -d $(DESTDIR)$(LOCALEDIR)/$$(dirname $$l); \
		install -m 644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l; done

pot:
	xgettext --keyword=_ --keyword=N_ --keyword=err_set:3 --keyword=err_prefix:2 --keyword=report_add:5 --keyword=report_incomplete:3 \
		--from-code=UTF-8 --add-comments=TRANSLATORS: -o po/satchel.pot --package-name=satchel \
		--package-version=$(VERSION) $(shell find src -name '*.[ch]' | sort)

clean:
	rm -rf build satchel

.PHONY: pkgcheck all check check-only setup setup-test run fuzz fuzz-build bench diffcheck install pot clean tests-build
