/* sim_rng: xoshiro256++ as a gsl_rng_type, and the derivation of stream seeds (see rng.h).
 * Owns no global state: each gsl_rng carries its own 256-bit state (uint64_t s[4], never all
 * zero). get returns the top 32 bits of each 64-bit output (max = 2^32 - 1); get_double uses
 * the top 53 bits, so every double in [0, 1) on the 2^-53 grid is possible.
 * References: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021, and prng.di.unimi.it (xoshiro256plusplus.c, splitmix64.c);
 * FNV-1a from G. Fowler, L. C. Noll, K.-P. Vo (IETF draft-eastlake-fnv); ziggurat variates from
 * G. Marsaglia and W. W. Tsang, "The ziggurat method for generating random variables", J. Stat.
 * Software 5(8), 2000, with the index and the uniform taken from disjoint bits of one 64-bit
 * output (the original reused bits; see Doornik, "An improved ziggurat method", 2005). */
#include "sim/rng.h"

#include "sim/bug.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

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

/* ---- ziggurat tables ----------------------------------------------------------------------
 * Exponential: 256 strips of equal area; strip i (i >= 1) is the rectangle [0, x_i] x
 * [f(x_{i-1})... f(x_i)], strip 0 the base plus the tail beyond R_EXP. A draw takes one 64-bit
 * output: the low 8 bits pick the strip, the top 53 bits give j; x = j * w[i] is accepted at
 * once when j < k[i] (x lies under the next strip's width), which happens 98.9 % of the time.
 * Normal: the same over 128 strips of the half normal, bit 7 gives the sign. The tables are
 * computed once per process (pthread_once: runs start from several threads). */
#define ZIG_SCALE 0x1.0p53
#define R_EXP 7.697117470131487
#define V_EXP 3.949659822581572e-3
#define R_NOR 3.442619855899
#define V_NOR 9.91256303526217e-3

/* A strip's k and w side by side: the fast path reads both, so one cache line serves a draw
 * instead of two (the tables compete with the model's data for the L1 cache). */
struct strip {
    uint64_t k;
    double w;
};
static struct strip ze[256], zn[128];
static double fe[256], fn[128];
static pthread_once_t zig_once = PTHREAD_ONCE_INIT;

static void zig_init(void)
{
    double de = R_EXP, te = R_EXP;
    const double qe = V_EXP / exp(-de);
    ze[0].k = (uint64_t)(de / qe * ZIG_SCALE);
    ze[1].k = 0;
    ze[0].w = qe / ZIG_SCALE;
    ze[255].w = de / ZIG_SCALE;
    fe[0] = 1.0;
    fe[255] = exp(-de);
    for (int i = 254; i >= 1; i--) {
        de = -log(V_EXP / de + exp(-de));
        ze[i + 1].k = (uint64_t)(de / te * ZIG_SCALE);
        te = de;
        fe[i] = exp(-de);
        ze[i].w = de / ZIG_SCALE;
    }
    double dn = R_NOR, tn = R_NOR;
    const double qn = V_NOR / exp(-0.5 * dn * dn);
    zn[0].k = (uint64_t)(dn / qn * ZIG_SCALE);
    zn[1].k = 0;
    zn[0].w = qn / ZIG_SCALE;
    zn[127].w = dn / ZIG_SCALE;
    fn[0] = 1.0;
    fn[127] = exp(-0.5 * dn * dn);
    for (int i = 126; i >= 1; i--) {
        dn = sqrt(-2.0 * log(V_NOR / dn + exp(-0.5 * dn * dn)));
        zn[i + 1].k = (uint64_t)(dn / tn * ZIG_SCALE);
        tn = dn;
        fn[i] = exp(-0.5 * dn * dn);
        zn[i].w = dn / ZIG_SCALE;
    }
}

static void xoshiro_set(void *state, unsigned long int seed)
{
    /* Every xoshiro256++ gsl_rng passes here (gsl_rng_alloc seeds it), so the ziggurat draws
     * below never meet unset tables. */
    pthread_once(&zig_once, zig_init);
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

void sim_rng_stream_init(struct sim_rng_stream *st, uint64_t seed, uint64_t rep, uint64_t stream)
{
    SIM_ASSERT(st != NULL);
    _Static_assert(sizeof st->s == sizeof(struct xoshiro_state), "state layout");
    /* What gsl_rng_alloc's seeding would have done: the ziggurat draws need the tables. */
    pthread_once(&zig_once, zig_init);
    gsl_rng g = sim_rng_stream_gsl(st);
    sim_rng_stream_seed(&g, seed, rep, stream);
}

gsl_rng sim_rng_stream_gsl(struct sim_rng_stream *st)
{
    return (gsl_rng){.type = &xoshiro_type, .state = st->s};
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

/* The next 64-bit output of any gsl_rng: xoshiro256++ directly, others from two 32-bit
 * draws of their uniform doubles (slow, but they only appear in tests). */
static inline uint64_t next_bits(gsl_rng *r)
{
    if (r->type == sim_rng_xoshiro256pp)
        return next(r->state);
    pthread_once(&zig_once, zig_init);
    const uint64_t hi = (uint64_t)(gsl_rng_uniform(r) * 0x1.0p32);
    return hi << 32 | (uint64_t)(gsl_rng_uniform(r) * 0x1.0p32);
}

/* The rare cases of the exponential ziggurat: the tail beyond R_EXP (strip 0) and the wedges
 * between a strip's rectangle and the density, then fresh draws. */
static double exp_slow(gsl_rng *r, uint64_t x)
{
    for (;;) {
        const unsigned i = (unsigned)(x & 0xff);
        const uint64_t j = x >> 11;
        if (j < ze[i].k)
            return (double)j * ze[i].w;
        if (i == 0) /* memoryless tail: R_EXP plus a fresh Exp(1) */
            return R_EXP - log1p(-sim_rng_uniform(r));
        const double v = (double)j * ze[i].w;
        if (fe[i] + sim_rng_uniform(r) * (fe[i - 1] - fe[i]) < exp(-v))
            return v;
        x = next_bits(r);
    }
}

/* An exponential of the given mean from the 64-bit output x of r (the fast path), or from
 * more outputs of r (the slow path): both draws, on a gsl_rng or on a stream held by value. */
static inline double exponential_from(gsl_rng *r, uint64_t x, double mean)
{
    const unsigned i = (unsigned)(x & 0xff);
    const uint64_t j = x >> 11;
    if (j < ze[i].k)
        return mean * ((double)j * ze[i].w);
    return mean * exp_slow(r, x);
}

inline double sim_rng_exponential(gsl_rng *r, double mean)
{
    return exponential_from(r, next_bits(r), mean);
}

inline double sim_rng_stream_exponential(struct sim_rng_stream *st, double mean)
{
    gsl_rng g = sim_rng_stream_gsl(st); /* read by the slow path only */
    return exponential_from(&g, next((struct xoshiro_state *)st->s), mean);
}

inline double sim_rng_stream_uniform(struct sim_rng_stream *st)
{
    return xoshiro_get_double(st->s);
}

/* The rare cases of the normal ziggurat (|z| beyond R_NOR by Marsaglia's tail method, and
 * the wedges). */
static double gaussian_slow(gsl_rng *r, uint64_t x)
{
    for (;;) {
        const unsigned i = (unsigned)(x & 0x7f);
        const double sign = (x & 0x80) ? -1.0 : 1.0;
        const uint64_t j = x >> 11;
        if (j < zn[i].k)
            return sign * ((double)j * zn[i].w);
        if (i == 0) {
            double a, b;
            do {
                a = -log1p(-sim_rng_uniform(r)) / R_NOR;
                b = -log1p(-sim_rng_uniform(r));
            } while (b + b < a * a);
            return sign * (R_NOR + a);
        }
        const double v = (double)j * zn[i].w;
        if (fn[i] + sim_rng_uniform(r) * (fn[i - 1] - fn[i]) < exp(-0.5 * v * v))
            return sign * v;
        x = next_bits(r);
    }
}

/* A standard normal from the 64-bit output x of r, or from more outputs of r (the slow path):
 * both draws, as exponential_from. */
static inline double gaussian_from(gsl_rng *r, uint64_t x)
{
    const unsigned i = (unsigned)(x & 0x7f);
    const uint64_t j = x >> 11;
    if (j < zn[i].k) {
        /* Bit 7 of x into the sign bit: the same value as (x & 0x80) ? -z : z, without a
         * branch that mispredicts on half the draws. */
        const double z = (double)j * zn[i].w;
        uint64_t bits;
        memcpy(&bits, &z, sizeof bits);
        bits ^= (x & 0x80) << 56;
        double signed_z;
        memcpy(&signed_z, &bits, sizeof signed_z);
        return signed_z;
    }
    return gaussian_slow(r, x);
}

inline double sim_rng_gaussian(gsl_rng *r)
{
    return gaussian_from(r, next_bits(r));
}

inline double sim_rng_stream_gaussian(struct sim_rng_stream *st)
{
    gsl_rng g = sim_rng_stream_gsl(st); /* read by the slow path only */
    return gaussian_from(&g, next((struct xoshiro_state *)st->s));
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
