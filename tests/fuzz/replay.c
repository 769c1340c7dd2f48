/* replay.c — runs a libFuzzer target over given input files without
 * libFuzzer, so that `make check` (and its sanitizer build) replays every
 * target's seed corpus with the compiler and flags of the build: a target
 * that stops building, or an input that stops passing its properties,
 * fails the test run instead of waiting for the next `make fuzz`.
 * Prints "N inputs" and exits 0; a failed property aborts, as under
 * libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define REPLAY_MAX (1u << 20)	/* as large as any seed needs to be */

static int replay(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX, f);
	if (ferror(f) || !feof(f)) {
		fprintf(stderr, "%s: unreadable or over %u bytes\n", path, REPLAY_MAX);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

int main(int argc, char **argv)
{
	uint8_t *buf = malloc(REPLAY_MAX);
	int i, done = 0;

	if (!buf)
		return 2;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (replay(argv[i], buf) < 0) {
			free(buf);
			return 1;
		}
		done++;
	}
	free(buf);
	printf("%d inputs\n", done);
	return 0;
}
