// SPDX-License-Identifier: MIT
/*
 * The fallback fuzz engine, for machines without clang's libFuzzer
 * (tests/fuzz/fuzz.mk picks it automatically): it links with one target's
 * LLVMFuzzerTestOneInput() and takes the libFuzzer command line that the
 * tools use, so nothing else changes:
 *
 *   fuzz_x [-runs=N] [-seed=S] [-max_len=L] [-max_total_time=T]
 *          [-artifact_prefix=P] FILE|DIR...
 *
 * First every FILE, and every file in each DIR, is replayed. Then N random
 * inputs run (-runs=-1 with -max_total_time: until the time is up), each
 * either fresh random bytes or a mutation of a corpus input, from a
 * generator seeded with S (default: the time), which is printed, so a run
 * replays exactly. No coverage guidance: this finds less than libFuzzer,
 * but the same invariants are checked on every input.
 *
 * When an input fails (FUZZ_CHECK's abort, or a sanitizer report) it is
 * written to <P>crash-<seed>-<n> first; replay it with `fuzz_x <P>crash-...`.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CORPUS 4096

static uint8_t *corpus[MAX_CORPUS]; /* the replayed inputs, for mutation */
static size_t corpus_len[MAX_CORPUS];
static size_t nr_corpus;

/* The input now running and its name, written out if it fails. */
static const uint8_t *cur_data;
static size_t cur_size;
static char cur_name[256];

static void save_current(void)
{
	int fd;

	if (!cur_name[0])
		return;
	fd = open(cur_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, cur_data, cur_size) < 0)
			(void)0; /* nothing more to do while dying */
		close(fd);
		if (write(2, "driver: failing input saved as ", 31) > 0 &&
		    write(2, cur_name, strlen(cur_name)) > 0)
			(void)write(2, "\n", 1);
	}
}

static void on_abort(int sig)
{
	save_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void run_one(const uint8_t *data, size_t size)
{
	cur_data = data;
	cur_size = size;
	LLVMFuzzerTestOneInput(data, size);
}

static void replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	cur_name[0] = '\0'; /* a corpus file needs no copy */
	run_one(buf, (size_t)len);
	if (nr_corpus < MAX_CORPUS) {
		corpus[nr_corpus] = buf;
		corpus_len[nr_corpus++] = (size_t)len;
	} else {
		free(buf);
	}
}

static void replay(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char sub[4096];

	if (stat(path, &st) < 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	d = opendir(path);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		replay_file(sub);
	}
	if (d)
		closedir(d);
}

/* A random input: fresh bytes, or a corpus input with a few mutations. */
static size_t make_input(uint8_t *buf, size_t max_len)
{
	size_t len;

	if (!nr_corpus || rand() % 4 == 0) {
		len = (size_t)rand() % (max_len + 1);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rand();
		return len;
	}
	size_t c = (size_t)rand() % nr_corpus;

	len = corpus_len[c] < max_len ? corpus_len[c] : max_len;
	memcpy(buf, corpus[c], len);
	for (int m = rand() % 8 + 1; m > 0; m--) {
		size_t at = len ? (size_t)rand() % len : 0;

		switch (rand() % 4) {
		case 0: /* flip a bit */
			if (len)
				buf[at] ^= (uint8_t)(1u << (rand() % 8));
			break;
		case 1: /* a random byte */
			if (len)
				buf[at] = (uint8_t)rand();
			break;
		case 2: /* insert a random byte */
			if (len < max_len) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = (uint8_t)rand();
				len++;
			}
			break;
		default: /* cut the tail */
			len = at;
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	long runs = 0, max_len = 4096, max_time = 0;
	unsigned int seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
	long done = 0;
	time_t start = time(NULL);
	const char *prefix = "";
	uint8_t *buf;

	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "-runs=", 6))
			runs = atol(argv[i] + 6);
		else if (!strncmp(argv[i], "-seed=", 6))
			seed = (unsigned int)strtoul(argv[i] + 6, NULL, 0);
		else if (!strncmp(argv[i], "-max_len=", 9))
			max_len = atol(argv[i] + 9);
		else if (!strncmp(argv[i], "-max_total_time=", 16))
			max_time = atol(argv[i] + 16);
		else if (!strncmp(argv[i], "-artifact_prefix=", 17))
			prefix = argv[i] + 17;
		else if (argv[i][0] == '-')
			continue; /* other libFuzzer options mean nothing here */
	}
	signal(SIGABRT, on_abort);
	__sanitizer_set_death_callback(save_current);
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			replay(argv[i]);
	printf("driver: replayed %zu inputs\n", nr_corpus);
	if (runs < 0 && !max_time)
		runs = 0; /* -runs=-1 needs a time limit */
	printf("driver: random inputs with -seed=%u\n", seed);
	fflush(stdout);
	srand(seed);
	buf = malloc((size_t)max_len + 1);
	for (done = 0; runs < 0 || done < runs; done++) {
		size_t len = make_input(buf, (size_t)max_len);

		if (max_time && time(NULL) - start >= max_time)
			break;
		snprintf(cur_name, sizeof(cur_name), "%scrash-%u-%ld", prefix, seed, done);
		run_one(buf, len);
	}
	cur_name[0] = '\0';
	printf("driver: Done %ld runs (seed %u) in %ld s\n", done, seed,
	       (long)(time(NULL) - start));
	return 0;
}
