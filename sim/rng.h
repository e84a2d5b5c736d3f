/* sim_rng: random streams. The generator is xoshiro256++ wrapped as a gsl_rng_type, so every
 * gsl_ran_* variate works on it. Each (master seed, replication, stream id) gets its own
 * stream: the three are hashed (splitmix64) into the full 256-bit state, so adding a stream or
 * changing staffing never shifts another stream (common random numbers). */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *sim_rng_xoshiro256pp;

/* Allocates a stream seeded from (seed, rep, stream). NULL on ENOMEM. Free with gsl_rng_free. */
gsl_rng *sim_rng_stream_alloc(uint64_t seed, uint64_t rep, uint64_t stream);

/* A stream held by value: its xoshiro256++ state and nothing else (32 bytes), so a model keeps
 * its streams inside its own records (a station's) and a draw reads and writes only those 32
 * bytes, with no allocation and no gsl_rng header to load. The sim_rng_stream_* draws give
 * exactly the values of the gsl_rng draws below on a stream from sim_rng_stream_alloc with the
 * same seeds; sim_rng_stream_gsl lends an ordinary gsl_rng over the same state for any
 * gsl_ran_* call (draws through it advance the stream). */
struct sim_rng_stream {
    uint64_t s[4];
};

/* Initialises st as the stream of (seed, rep, stream). Cannot fail. */
void sim_rng_stream_init(struct sim_rng_stream *st, uint64_t seed, uint64_t rep, uint64_t stream);

/* A gsl_rng that draws from st's state: valid while st lives and not moved; never pass it to
 * gsl_rng_free. */
gsl_rng sim_rng_stream_gsl(struct sim_rng_stream *st);

/* sim_rng_uniform, sim_rng_exponential and sim_rng_gaussian on a stream held by value. */
double sim_rng_stream_uniform(struct sim_rng_stream *st);
double sim_rng_stream_exponential(struct sim_rng_stream *st, double mean);
double sim_rng_stream_gaussian(struct sim_rng_stream *st);

/* Re-seeds an existing xoshiro256++ gsl_rng from (seed, rep, stream). */
void sim_rng_stream_seed(gsl_rng *r, uint64_t seed, uint64_t rep, uint64_t stream);

/* The next raw 64-bit output of a xoshiro256++ gsl_rng (as the reference next()). Its state,
 * gsl_rng_state(r), is uint64_t s[4] in the reference code's order. */
uint64_t sim_rng_next_u64(gsl_rng *r);

/* Uniform on [0, 1): the same value as gsl_rng_uniform(r), for any gsl_rng. On a xoshiro256++
 * stream it skips GSL's indirect get_double call, so LTO can inline the draw into the model. */
double sim_rng_uniform(gsl_rng *r);

/* Exponential with the given mean (seconds or any unit), by the ziggurat method: one 64-bit
 * output per draw 98.9 % of the time, no logarithm; more outputs of the same stream in the
 * rare other cases, so each stream stays reproducible on its own (common random numbers). */
double sim_rng_exponential(gsl_rng *r, double mean);

/* Standard normal by the ziggurat method (same stream discipline; 98.8 % one output). */
double sim_rng_gaussian(gsl_rng *r);

/* A stable 64-bit id for a named stream ("arrivals/prefecture:17"): FNV-1a. */
uint64_t sim_rng_stream_id(const char *name);

/* Combines a stream id with an index (e.g. station number): a new stable id. */
uint64_t sim_rng_stream_sub(uint64_t stream, uint64_t index);

#endif
