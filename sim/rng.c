/* sim_rng: xoshiro256++ as a gsl_rng_type, and the derivation of stream seeds (see rng.h).
 * Owns no global state: each gsl_rng carries its own 256-bit state (uint64_t s[4], never all
 * zero). get returns the top 32 bits of each 64-bit output (max = 2^32 - 1); get_double uses
 * the top 53 bits, so every double in [0, 1) on the 2^-53 grid is possible.
 * References: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021, and prng.di.unimi.it (xoshiro256plusplus.c, splitmix64.c);
 * FNV-1a from G. Fowler, L. C. Noll, K.-P. Vo (IETF draft-eastlake-fnv). */
#include "sim/rng.h"

#include "sim/bug.h"

#include <math.h>

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

struct xoshiro_state {
    uint64_t s[4];
};

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The splitmix64 output function: a bijection of 64-bit words with full avalanche. */
static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static inline uint64_t next(struct xoshiro_state *st)
{
    uint64_t *s = st->s;
    const uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Fills the state with four consecutive splitmix64 outputs from x. mix64 is a bijection and
 * the four inputs differ, so at most one word is zero and the state is never all zero. */
static void fill_state(struct xoshiro_state *st, uint64_t x)
{
    for (int i = 0; i < 4; i++) {
        x += GOLDEN;
        st->s[i] = mix64(x);
    }
}

static void xoshiro_set(void *state, unsigned long int seed)
{
    fill_state(state, (uint64_t)seed);
}

static unsigned long int xoshiro_get(void *state)
{
    return (unsigned long int)(next(state) >> 32);
}

static double xoshiro_get_double(void *state)
{
    return (double)(next(state) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    .name = "xoshiro256pp",
    .max = 0xffffffffUL,
    .min = 0,
    .size = sizeof(struct xoshiro_state),
    .set = xoshiro_set,
    .get = xoshiro_get,
    .get_double = xoshiro_get_double,
};

const gsl_rng_type *sim_rng_xoshiro256pp = &xoshiro_type;

gsl_rng *sim_rng_stream_alloc(uint64_t seed, uint64_t rep, uint64_t stream)
{
    /* gsl_rng_alloc only returns NULL after calling the GSL error handler; with the default
     * (aborting) handler ENOMEM never reaches us, with a custom one we pass NULL on. */
    gsl_rng *r = gsl_rng_alloc(sim_rng_xoshiro256pp);
    if (r == NULL)
        return NULL;
    sim_rng_stream_seed(r, seed, rep, stream);
    return r;
}

void sim_rng_stream_seed(gsl_rng *r, uint64_t seed, uint64_t rep, uint64_t stream)
{
    SIM_ASSERT(r != NULL && r->type == sim_rng_xoshiro256pp);
    /* Each coordinate goes through a full avalanche before the next is folded in, so
     * neighbouring triples ((1, 2, 3) vs (1, 3, 2), rep vs rep + 1) give unrelated states. */
    uint64_t h = mix64(seed + GOLDEN);
    h = mix64((h ^ rep) + GOLDEN);
    h = mix64((h ^ stream) + GOLDEN);
    fill_state(r->state, h);
}

uint64_t sim_rng_next_u64(gsl_rng *r)
{
    SIM_ASSERT(r != NULL && r->type == sim_rng_xoshiro256pp);
    return next(r->state);
}

inline double sim_rng_uniform(gsl_rng *r)
{
    if (r->type != sim_rng_xoshiro256pp)
        return gsl_rng_uniform(r);
    return xoshiro_get_double(r->state);
}

inline double sim_rng_exponential(gsl_rng *r, double mean)
{
    /* GSL 2.7's formula, operation for operation, so streams stay bit-identical with it. */
    return -mean * log1p(-sim_rng_uniform(r));
}

uint64_t sim_rng_stream_id(const char *name)
{
    SIM_ASSERT(name != NULL);
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t sim_rng_stream_sub(uint64_t stream, uint64_t index)
{
    return mix64(stream ^ mix64(index + GOLDEN));
}
