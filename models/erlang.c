/* cc_erlang: Erlang B, C and A (M/M/c+M) in closed form; pure functions, no engine, no state.
 * Erlang B by the recurrence B(n) = a B(n-1) / (n + a B(n-1)), stable for any c and load;
 * Erlang C = B / (1 - rho (1 - B)), P(W > t) = C exp(-(c mu - lambda) t) (Gross & Harris,
 * "Fundamentals of Queueing Theory", M/M/c).
 * Erlang A with x = c mu / theta, y = lambda / theta, rho = y / x, gamma the lower incomplete
 * gamma and P its regularised form (Garnett, Mandelbaum & Reiman, MSOM 2002; Mandelbaum &
 * Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", 2007):
 *   q_j = pi_{c+j} / pi_c = prod_{k=1..j} y / (x + k),  A = sum_j q_j = x e^y y^-x gamma(x, y),
 *   P(W > 0) = A B / (1 - B + A B),  P(Ab | W > 0) = 1 - 1/rho + 1/(rho A).
 * Waiting times, derived here by PASTA: an arrival finding j callers waiting has an offered wait
 * V_j = sum of Exp(c mu + i theta), i = j..0, independent of its patience tau ~ Exp(theta), and
 * waits min(V_j, tau). theta V_j is the (j+1)-th order statistic of x + j unit exponentials
 * (Renyi), so P(V_j > t) = I_{exp(-theta t)}(x, j+1); summed over j, with z = y exp(-theta t):
 *   P(W > t | W > 0) = exp(-theta t) P(x, z) / P(x, y),
 *   P(served, W <= t | W > 0) = P(served | W > 0) (1 - P(x+1, z) / P(x+1, y)),
 *   E[W | served, W > 0] = E[-ln G | G <= 1] / theta,  G ~ Gamma(shape x+1, rate y).
 * For y < x, A, P(Ab), E[W] and ASA come from the state sums (terms fall at least like rho^j,
 * no cancellation); for y >= x, A is huge and kept as a log, and the last line is integrated by
 * adaptive Gauss-Kronrod. Incomplete-gamma ratios are taken in logs: nothing overflows at any
 * load. tests/check_erlang.c checks all of it against per-state incomplete-beta sums. */
#include "models/erlang.h"

#include "sim/bug.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <math.h>
#include <stdlib.h>

/* A series stops when a term is below this fraction of the sum. */
#define SERIES_EPS 1e-18
/* A safety bound on series length, never reached: with x, y <= CC_ERLANG_MAX_PATIENCE_RATIO
 * the terms fall at least like exp(-j^2 / 2x), so ~10 sqrt(x) <= 1e7 terms suffice. */
#define SERIES_MAX_TERMS 100000000L
#define QUAD_MAX_PIECES 200
/* Up to this shape, P(s, z) for z < s is summed (<= ~1e5 terms) rather than taken from GSL. */
#define SERIES_MAX_SHAPE 1e8

double cc_erlang_b(int servers, double load)
{
    SIM_ASSERT(servers >= 0 && load >= 0 && isfinite(load));
    double b = 1.0;
    /* Once B underflows to 0 it stays 0: stop early so a huge c with a small load is cheap. */
    for (int n = 1; n <= servers && b > 0; n++)
        b = load * b / (n + load * b);
    return b;
}

double cc_erlang_c(int servers, double load)
{
    SIM_ASSERT(servers >= 1 && load >= 0 && isfinite(load));
    if (load >= servers)
        return 1.0;
    const double b = cc_erlang_b(servers, load);
    const double rho = load / servers;
    return b / (1.0 - rho * (1.0 - b));
}

/* Where P(s, z) comes from the Kummer series below rather than from GSL: everywhere under
 * z = s, where the series needs at most ~9 sqrt(s) terms, up to shape SERIES_MAX_SHAPE. There
 * GSL 2.7.1's P loses up to ~5e-8 relative a few sqrt(s) below s (measured against 30-digit
 * sums) and underflows further down. Above that shape only the underflow zone uses the series. */
static bool is_series_zone(double s, double z)
{
    return z < s && (s <= SERIES_MAX_SHAPE || z < s - 25.0 * sqrt(s));
}

/* s ln(z/s) - (z - s): the exponent of Stirling's form of P(s, z) and of A, computed without
 * the cancellation of s ln z - z - lngamma(s+1) (~1e-16 s ln s absolute). */
static double stirling_exponent(double s, double z)
{
    const double d = (z - s) / s;
    return d > -0.5 ? s * gsl_sf_log_1plusx_mx(d) : s * log(z / s) - (z - s);
}

/* ln(Gamma(s+1) / (s^s e^-s)) = ln Gamma*(s) + ln(2 pi s) / 2, with GSL's gammastar. */
static double ln_stirling_gamma(double s)
{
    return log(gsl_sf_gammastar(s)) + 0.5 * log(2.0 * M_PI * s);
}

/* ln M(s, z), M(s, z) = sum_{n>=0} z^n / ((s+1)...(s+n)) = s e^z z^-s gamma(s, z), for z < s:
 * every ratio z / (s + n) is below 1, so the terms shrink and the sum is at most (s+1)/(s+1-z).
 * Then P(s, z) = z^s e^-z M(s, z) / Gamma(s+1). */
static double ln_kummer(double s, double z)
{
    double term = 1.0, sum = 1.0;
    for (long n = 1; n < SERIES_MAX_TERMS && term > SERIES_EPS * sum; n++) {
        term *= z / (s + (double)n);
        sum += term;
    }
    return log(sum);
}

/* ln P(s, z), finite for any z > 0 even when P(s, z) is far below DBL_MIN. */
static double ln_gamma_inc_p(double s, double z)
{
    if (z <= 0)
        return -INFINITY;
    if (is_series_zone(s, z))
        return stirling_exponent(s, z) - ln_stirling_gamma(s) + ln_kummer(s, z);
    return log(gsl_sf_gamma_inc_P(s, z));
}

/* P(s, y e^-u) / P(s, y) for u >= 0. When both points are in the series zone the large terms
 * s ln z - z - lngamma(s+1) cancel analytically: -s u + y (1 - e^-u), kept exact by expm1. */
static double gamma_inc_p_ratio(double s, double y, double u)
{
    if (u <= 0)
        return 1.0;
    const double z = y * exp(-u);
    if (is_series_zone(s, y))
        return exp(-s * u - y * expm1(-u) + ln_kummer(s, z) - ln_kummer(s, y));
    const double p_y = gsl_sf_gamma_inc_P(s, y);
    if (!is_series_zone(s, z))
        return gsl_sf_gamma_inc_P(s, z) / p_y;
    return exp(ln_gamma_inc_p(s, z) - log(p_y));
}

/* Results conditional on waiting (the arrival finds all agents busy). */
struct waiting {
    double ln_a;          /* ln A: the queue states' weight relative to pi_c */
    double p_abandon;     /* P(Ab | W > 0) */
    double p_served;      /* 1 - P(Ab | W > 0), computed without cancellation */
    double mean_wait_s;   /* E[W | W > 0] */
    double served_wait_s; /* E[W 1{served} | W > 0] */
};

/* y < x: sum over j callers found waiting. Per state (see top comment): P(Ab | j) =
 * (j+1) theta / d_j and E[W | j] = (j+1) / d_j with d_j = c mu + (j+1) theta, and
 * E[W 1{served} | j] = (c mu / d_j) sum_{i=0..j} 1 / d_i. Rates stay in seconds, so a tiny
 * theta (patience -> inf) is harmless. */
static void waiting_by_states(double lambda, double c_mu, double theta, struct waiting *w)
{
    double q = 1.0, h = 0.0;
    double s_a = 0, s_ab = 0, s_served = 0, s_wait = 0, s_served_wait = 0;
    for (long j = 0; j < SERIES_MAX_TERMS; j++) {
        const double n_ahead = (double)(j + 1); /* the caller and the j ahead of it */
        const double inv_d = 1.0 / (c_mu + n_ahead * theta);
        h += inv_d;
        s_a += q;
        s_ab += q * n_ahead * theta * inv_d;
        s_served += q * c_mu * inv_d;
        s_wait += q * n_ahead * inv_d;
        s_served_wait += q * c_mu * inv_d * h;
        /* The E[W] terms carry a factor j + 1 more than q: stop on that. */
        if (q * n_ahead < SERIES_EPS * s_a)
            break;
        q *= lambda * inv_d;
    }
    w->ln_a = log(s_a);
    w->p_abandon = s_ab / s_a;
    w->p_served = s_served / s_a;
    w->mean_wait_s = s_wait / s_a;
    w->served_wait_s = s_served_wait / s_a;
}

struct ratio_params {
    double s, y;
};

static double ratio_at(double u, void *params)
{
    const struct ratio_params *r = params;
    return gamma_inc_p_ratio(r->s, r->y, u);
}

/* Globally adaptive Gauss-Kronrod (QAG's strategy: split the piece with the largest error
 * estimate) with a fixed budget of pieces. GSL's own drivers report non-convergence through the
 * error handler, which aborts in ccsim; when rounding noise in the integrand (huge x) keeps
 * the estimate above tol, this one returns its best value instead. */
static double integrate(const gsl_function *f, double a, double b, double tol)
{
    double lo[QUAD_MAX_PIECES], hi[QUAD_MAX_PIECES], val[QUAD_MAX_PIECES], err[QUAD_MAX_PIECES];
    double resabs, resasc;
    size_t n = 1;
    lo[0] = a;
    hi[0] = b;
    gsl_integration_qk21(f, a, b, &val[0], &err[0], &resabs, &resasc);
    for (;;) {
        double total_err = 0;
        size_t worst = 0;
        for (size_t i = 0; i < n; i++) {
            total_err += err[i];
            if (err[i] > err[worst])
                worst = i;
        }
        if (total_err <= tol || n == QUAD_MAX_PIECES)
            break;
        const double m = 0.5 * (lo[worst] + hi[worst]);
        lo[n] = m;
        hi[n] = hi[worst];
        hi[worst] = m;
        gsl_integration_qk21(f, lo[worst], m, &val[worst], &err[worst], &resabs, &resasc);
        gsl_integration_qk21(f, m, hi[n], &val[n], &err[n], &resabs, &resasc);
        n++;
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += val[i];
    return sum;
}

/* E[-ln G | G <= 1], G ~ Gamma(s, rate y) = int_0^inf P(s, y e^-u) / P(s, y) du. The integrand
 * falls from 1 to 0 around u = ln(y / s) over a width ~ 1 / sqrt(s); the upper end is pushed
 * out until it is below 1e-20, after which it decays at rate >= sqrt(s). */
static double mean_neg_log_truncated_gamma(double s, double y)
{
    struct ratio_params params = {s, y};
    const gsl_function f = {ratio_at, &params};
    const double mid = y > s ? log(y / s) : 0.0;
    /* The step doubles from the width, so the loop ends even when mid + width == mid. */
    double step = 1.0 / sqrt(s);
    while (gamma_inc_p_ratio(s, y, mid + step) > 1e-20)
        step *= 2.0;
    const double hi = mid + step;
    return integrate(&f, 0.0, hi, 1e-13 * hi);
}

/* y >= x: A = Gamma(x+1) e^y y^-x P(x, y) is astronomically large for big x, so it is kept
 * as a log; P(Ab | W > 0) = (1 - 1/rho) + 1/(rho A) is a sum of non-negative terms here.
 * Near rho = 1 the term 1/(rho A) leads, so ln A must not lose digits: Stirling's form. */
static void waiting_in_overload(double x, double y, double theta, struct waiting *w)
{
    const double rho = y / x;
    w->ln_a = ln_stirling_gamma(x) - stirling_exponent(x, y) + log(gsl_sf_gamma_inc_P(x, y));
    const double inv_a = exp(-w->ln_a);
    w->p_abandon = (1.0 - 1.0 / rho) + inv_a / rho;
    w->p_served = -expm1(-w->ln_a) / rho;
    w->mean_wait_s = w->p_abandon / theta;
    w->served_wait_s = w->p_served * mean_neg_log_truncated_gamma(x + 1.0, y) / theta;
}

static void eval_erlang_c(const struct cc_erlang_input *in, struct cc_erlang_result *out)
{
    if (out->load >= in->agents) {
        out->stable = false;
        out->p_wait = out->mean_wait_s = out->asa_s = out->p_abandon = NAN;
        out->p_wait_gt_t = out->sl = out->occupancy = NAN;
        return;
    }
    const double c = cc_erlang_c(in->agents, out->load);
    const double drain = (in->agents - out->load) / in->aht_s; /* c mu - lambda */
    out->stable = true;
    out->p_wait = c;
    out->mean_wait_s = c / drain;
    out->asa_s = out->mean_wait_s;
    out->p_abandon = 0.0;
    out->p_wait_gt_t = c * exp(-drain * in->t_s);
    out->sl = 1.0 - out->p_wait_gt_t;
    out->occupancy = out->load / in->agents;
}

static void eval_erlang_a(const struct cc_erlang_input *in, struct cc_erlang_result *out)
{
    const double theta = 1.0 / in->patience_s;
    const double c_mu = in->agents / in->aht_s;
    const double x = c_mu / theta, y = in->lambda / theta;
    struct waiting w;
    if (y < x)
        waiting_by_states(in->lambda, c_mu, theta, &w);
    else
        waiting_in_overload(x, y, theta, &w);
    const double b = cc_erlang_b(in->agents, out->load);
    /* P(W > 0) = A B / (1 - B + A B) = 1 / (1 + r), r = (1 - B) / (B A), in logs since A may
     * be huge; 1 - P(W > 0) = r / (1 + r) keeps its digits when P(W > 0) is near 1. */
    const double r = b > 0 ? exp(log1p(-b) - log(b) - w.ln_a) : INFINITY;
    const double p_wait = 1.0 / (1.0 + r), p_no_wait = isinf(r) ? 1.0 : r / (1.0 + r);
    const double u = theta * in->t_s;
    out->stable = true;
    out->p_wait = p_wait;
    out->mean_wait_s = p_wait * w.mean_wait_s;
    out->p_abandon = p_wait * w.p_abandon;
    const double answered = p_no_wait + p_wait * w.p_served;
    out->asa_s = p_wait * w.served_wait_s / answered;
    out->p_wait_gt_t = p_wait * exp(-u) * gamma_inc_p_ratio(x, y, u);
    out->sl = p_no_wait + p_wait * w.p_served * (1.0 - gamma_inc_p_ratio(x + 1.0, y, u));
    /* <= 1 exactly (load * answered <= c); the clamp only removes rounding in overload. */
    out->occupancy = fmin(1.0, out->load * answered / in->agents);
}

bool cc_erlang_has_abandonment(const struct cc_erlang_input *in)
{
    return in->patience_s > 0 && in->lambda * in->patience_s <= CC_ERLANG_MAX_PATIENCE_RATIO &&
           in->agents / in->aht_s * in->patience_s <= CC_ERLANG_MAX_PATIENCE_RATIO;
}

void cc_erlang_eval(const struct cc_erlang_input *in, struct cc_erlang_result *out)
{
    SIM_ASSERT(in && out);
    SIM_ASSERT(in->lambda > 0 && isfinite(in->lambda));
    SIM_ASSERT(in->aht_s > 0 && isfinite(in->aht_s));
    SIM_ASSERT(in->patience_s >= 0);
    SIM_ASSERT(in->agents >= 1);
    SIM_ASSERT(in->t_s >= 0 && isfinite(in->t_s));
    out->load = in->lambda * in->aht_s;
    if (cc_erlang_has_abandonment(in))
        eval_erlang_a(in, out);
    else
        eval_erlang_c(in, out);
}

static bool meets(const struct cc_erlang_result *r, double sl_min, double abandon_max,
                  double asa_max_s)
{
    return r->stable && (sl_min < 0 || r->sl >= sl_min) &&
           (abandon_max < 0 || r->p_abandon <= abandon_max) &&
           (asa_max_s < 0 || r->asa_s <= asa_max_s);
}

int cc_erlang_min_agents(const struct cc_erlang_input *in, double sl_min, double abandon_max,
                         double asa_max_s, int max_agents)
{
    SIM_ASSERT(in);
    struct cc_erlang_input trial = *in;
    struct cc_erlang_result r;
    for (int c = 1; c <= max_agents; c++) {
        trial.agents = c;
        cc_erlang_eval(&trial, &r);
        if (meets(&r, sl_min, abandon_max, asa_max_s))
            return c;
    }
    return -1;
}

/* ---- M/M/c/K+M ----------------------------------------------------------------------------
 * Stationary law by the birth-death product pi_n ∝ prod_{k<=n} lambda / d_k, in logs and
 * rescaled by its largest term (a long queue at load > c would overflow). By PASTA an arrival
 * sees pi: blocked in state N = c+K, answered at once below c, and otherwise with j = n-c
 * callers ahead. A waiting caller with i ahead moves up at rate r_i = c mu + i theta (a service
 * or an abandonment ahead of it; FCFS) and hangs up at rate theta, independently; so its
 * offered wait V_j = sum_{i=0..j} Exp(r_i), and
 *   P(answered | j) = E[e^{-theta V_j}] = prod r_i / (r_i + theta),
 *   E[V_j; answered] = P(answered | j) sum 1 / (r_i + theta),
 * P(answered within t | j) by uniformisation of the tagged caller's chain (states j..0, then
 * answered or gone), computed backwards for every j at once. Counts come from flows: answered
 * = sum min(n,c) mu pi_n / lambda, abandoned = theta E[queue] / lambda, mean wait by Little. */

/* Poisson(n; m) without underflow for large m. */
static double poisson_weight(long n, double m)
{
    return exp(-m + (double)n * log(m) - lgamma((double)n + 1.0));
}

/* P(answered within t) for a caller arriving with j ahead, for j = 0..k-1, into sl_j. */
static bool answered_within(int k, double c_mu, double theta, double t, double *sl_j)
{
    for (int j = 0; j < k; j++)
        sl_j[j] = 0.0;
    if (k == 0 || t <= 0)
        return true;
    const double rate = c_mu + (double)k * theta; /* >= every state's exit rate */
    const double m = rate * t;
    const long steps = (long)ceil(m + 12.0 * sqrt(m) + 30.0);
    if ((double)steps * (double)k > 2e8)
        return false;
    /* g[i]: probability of being answered within n more uniformised jumps from i ahead. */
    double *g = calloc((size_t)k, sizeof *g), *next = calloc((size_t)k, sizeof *next);
    if (!g || !next) {
        free(g);
        free(next);
        return false;
    }
    for (long n = 1; n <= steps; n++) {
        for (int i = 0; i < k; i++) {
            const double r = c_mu + (double)i * theta;
            const double up = i == 0 ? 1.0 : g[i - 1]; /* i = 0: the next move is an answer */
            next[i] = (r * up + (rate - r - theta) * g[i]) / rate;
        }
        double *tmp = g;
        g = next;
        next = tmp;
        const double w = poisson_weight(n, m);
        for (int i = 0; i < k; i++)
            sl_j[i] += w * g[i];
    }
    free(g);
    free(next);
    return true;
}

void cc_erlang_mmck(const struct cc_erlang_input *in, int capacity,
                    struct cc_erlang_mmck_result *out)
{
    SIM_ASSERT(in->lambda > 0 && in->aht_s > 0 && in->agents >= 1 && in->t_s >= 0);
    SIM_ASSERT(capacity >= 0 && capacity <= CC_ERLANG_MAX_CAPACITY);
    const int c = in->agents, n_max = in->agents + capacity;
    const double mu = 1.0 / in->aht_s, lambda = in->lambda;
    const double theta =
        in->patience_s > 0 && isfinite(in->patience_s) ? 1.0 / in->patience_s : 0.0;
    const double c_mu = c * mu;
    *out = (struct cc_erlang_mmck_result){.load = lambda * in->aht_s, .sl = NAN};
    double *pi = malloc(((size_t)n_max + 1) * sizeof *pi);
    double *sl_j = malloc(((size_t)capacity + 1) * sizeof *sl_j);
    if (!pi || !sl_j) {
        free(pi);
        free(sl_j);
        *out = (struct cc_erlang_mmck_result){NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        return;
    }
    double top = 0.0;
    pi[0] = 0.0;
    for (int n = 1; n <= n_max; n++) {
        const double d = (n < c ? n : c) * mu + (n > c ? n - c : 0) * theta;
        pi[n] = pi[n - 1] + log(lambda / d);
        if (pi[n] > top)
            top = pi[n];
    }
    double sum = 0.0;
    for (int n = 0; n <= n_max; n++)
        sum += pi[n] = exp(pi[n] - top);
    double busy = 0.0, queue = 0.0, now = 0.0, waits = 0.0, answered_waiting = 0.0;
    double waited_answered = 0.0;
    for (int n = 0; n <= n_max; n++) {
        pi[n] /= sum;
        busy += (n < c ? n : c) * pi[n];
        queue += (n > c ? n - c : 0) * pi[n];
        if (n < c)
            now += pi[n];
        else if (n < n_max)
            waits += pi[n];
    }
    /* Callers with j ahead: answered with probability L_j = prod r_i / (r_i + theta). */
    double l = 1.0, s = 0.0;
    for (int j = 0; j < capacity; j++) {
        const double r = c_mu + j * theta;
        l *= r / (r + theta);
        s += 1.0 / (r + theta);
        answered_waiting += pi[c + j] * l;
        waited_answered += pi[c + j] * l * s;
    }
    out->p_block = pi[n_max];
    out->p_wait = waits;
    out->occupancy = busy / c;
    out->mean_queue = queue;
    out->p_answer = busy * mu / lambda;
    out->p_abandon = theta * queue / lambda;
    out->mean_wait_s = queue / lambda;
    out->asa_s = now + answered_waiting > 0 ? waited_answered / (now + answered_waiting) : NAN;
    if (answered_within(capacity, c_mu, theta, in->t_s, sl_j)) {
        double sl = now;
        for (int j = 0; j < capacity; j++)
            sl += pi[c + j] * sl_j[j];
        out->sl = sl;
    }
    free(pi);
    free(sl_j);
}

/* ---- Staffing for targets ---------------------------------------------------------------- */

bool cc_erlang_metrics(const struct cc_erlang_input *in, int capacity,
                       double m[CC_ERLANG_METRIC_COUNT])
{
    for (int i = 0; i < CC_ERLANG_METRIC_COUNT; i++)
        m[i] = NAN;
    if (capacity >= 0) {
        struct cc_erlang_mmck_result k;
        cc_erlang_mmck(in, capacity, &k);
        m[CC_ERLANG_P_BLOCK] = k.p_block;
        m[CC_ERLANG_P_WAIT] = k.p_wait;
        m[CC_ERLANG_MEAN_WAIT] = k.mean_wait_s;
        m[CC_ERLANG_ASA] = k.asa_s;
        m[CC_ERLANG_P_ABANDON] = k.p_abandon;
        m[CC_ERLANG_P_ANSWER] = k.p_answer;
        m[CC_ERLANG_SL] = k.sl;
        m[CC_ERLANG_OCCUPANCY] = k.occupancy;
        m[CC_ERLANG_MEAN_QUEUE] = k.mean_queue;
        return true;
    }
    struct cc_erlang_result r;
    cc_erlang_eval(in, &r);
    if (!r.stable)
        return false;
    m[CC_ERLANG_P_WAIT] = r.p_wait;
    m[CC_ERLANG_MEAN_WAIT] = r.mean_wait_s;
    m[CC_ERLANG_ASA] = r.asa_s;
    m[CC_ERLANG_P_ABANDON] = r.p_abandon;
    m[CC_ERLANG_P_ANSWER] = 1.0 - r.p_abandon; /* nobody is blocked */
    m[CC_ERLANG_SL] = r.sl;
    m[CC_ERLANG_OCCUPANCY] = r.occupancy;
    return true;
}

static bool meets_all(const double m[CC_ERLANG_METRIC_COUNT], const struct cc_erlang_target *t,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const double x = m[t[i].metric];
        /* Written so that NAN fails both comparisons. */
        if (!(t[i].at_most ? x <= t[i].bound : x >= t[i].bound))
            return false;
    }
    return true;
}

/* True when more agents never make the target worse: every metric but occupancy falls (or, for
 * the service level and the answer rate, rises) with the agents in these birth-death queues,
 * and occupancy falls. */
static bool improves_with_agents(const struct cc_erlang_target *t)
{
    const bool rises = t->metric == CC_ERLANG_SL || t->metric == CC_ERLANG_P_ANSWER;
    return t->at_most != rises;
}

int cc_erlang_agents_for_targets(const struct cc_erlang_input *in, int capacity,
                                 const struct cc_erlang_target *targets, size_t n_targets,
                                 int max_agents, int *last_tried)
{
    SIM_ASSERT(in && targets && n_targets >= 1 && max_agents >= 1);
    const double load = in->lambda * in->aht_s;
    /* Past load + 40 sqrt(load) + 100 agents the probability of waiting is below e^-800 in the
     * square-root staffing regime (Halfin-Whitt): waits, abandonment and service level no longer
     * move, so a target still unmet there never will be. Occupancy (at most load / c) keeps
     * falling: an "occupancy <= x" target is met by load / x agents. */
    double bound = load + 40.0 * sqrt(load) + 100.0;
    bool monotone = true;
    for (size_t i = 0; i < n_targets; i++) {
        monotone = monotone && improves_with_agents(&targets[i]);
        if (targets[i].metric == CC_ERLANG_OCCUPANCY && targets[i].at_most &&
            targets[i].bound > 0 && load / targets[i].bound + 1.0 > bound)
            bound = load / targets[i].bound + 1.0;
    }
    const int last = bound < (double)max_agents ? (int)ceil(bound) : max_agents;
    if (last_tried)
        *last_tried = last;
    struct cc_erlang_input trial = *in;
    /* Erlang C needs more agents than the load; Erlang A and a finite capacity are stable at
     * any count. */
    int first = 1;
    if (capacity < 0 && !cc_erlang_has_abandonment(in) && load >= 1.0)
        first = load < (double)max_agents ? (int)floor(load) + 1 : max_agents;
    double m[CC_ERLANG_METRIC_COUNT];
#define MEETS(c)                                                                                   \
    (trial.agents = (c), cc_erlang_metrics(&trial, capacity, m) && meets_all(m, targets, n_targets))
    if (!monotone) {
        /* A target met by fewer agents only (occupancy >= x): the counts meeting every target
         * need not be an interval from above, so look at each. */
        for (int c = first; c <= last; c++)
            if (MEETS(c))
                return c;
        return -1;
    }
    /* Every target holds from some count on: bisect, as an evaluation costs O(agents) and a
     * linear search O(agents^2) (tens of seconds at 50 000 Erlangs). */
    if (first > last || !MEETS(last))
        return -1;
    int lo = first - 1, hi = last; /* lo fails (or is below the first stable), hi meets */
    while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        if (MEETS(mid))
            hi = mid;
        else
            lo = mid;
    }
#undef MEETS
    return hi;
}
