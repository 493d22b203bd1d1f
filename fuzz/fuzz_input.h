/*
 * fuzz_input.h
 *		What the property-checking harnesses share: must() aborts when a
 *		property fails (libFuzzer then writes the input as a crash), and
 *		the input read as a stream of bytes and little-endian words, zeros
 *		once it runs out.
 */
#ifndef KPI_FUZZ_INPUT_H
#define KPI_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
must(bool cond)
{
	if (!cond)
		abort();
}

typedef struct bytes
{
	const uint8_t *p;
	size_t		n;
} bytes;

static inline unsigned
take(bytes *b)
{
	if (b->n == 0)
		return 0;
	b->n--;
	return *b->p++;
}

/* The next n bytes (n <= 8) as an unsigned little-endian number. */
static inline uint64_t
take_word(bytes *b, int n)
{
	uint64_t	w = 0;

	for (int i = 0; i < n; i++)
		w |= (uint64_t) take(b) << (8 * i);
	return w;
}

#endif							/* KPI_FUZZ_INPUT_H */
