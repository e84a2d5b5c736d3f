# intervals.gp: waits and abandonment by interval, one figure per station
# Written by `ccsim plot` from intervals.csv. Edit freely, then re-run in this directory:
#     gnuplot intervals.gp
# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) and SVG.

set datafile separator comma
set datafile columnheaders
# A point whose value is NaN is skipped, so a line joins the rows selected for it.
set datafile missing NaN
set encoding utf8
file = 'intervals.csv'
# Columns of intervals.csv, by name, so that the script survives a new column.
c_scenario = 1
c_station = 2
c_day = 3
c_interval_start = 4
c_metric = 5
c_mean = 6
c_ci_low = 7
c_ci_high = 8
c_reps = 9
c_analytic = 10
c_analytic_model = 11
c_unit = 12

# num(c): a column that may be empty or "nan" (column() alone would make the whole
# point missing); orv(a, b): a, or b when a is NaN; hours("08:30") = 8.5 (".0" is
# appended because real("08") reads an octal number).
num(c) = (strcol(c) eq "" || strcol(c) eq "nan") ? NaN : column(c)
orv(a, b) = a == a ? a : b
max2(a, b) = a > b ? a : b
hours(s) = strstrt(s, ":") < 2 ? NaN \
    : real(s[1:strstrt(s, ":") - 1].".0") + real(s[strstrt(s, ":") + 1:].".0") / 60
png_term = strstrt(GPVAL_TERMINALS, "pngcairo") > 0 ? "pngcairo" : "png"
term(fmt, w, h) = fmt eq "svg" \
    ? sprintf("set terminal svg size %d,%d noenhanced font 'sans-serif,11' background '#ffffff'", w, h) \
    : sprintf("set terminal %s size %d,%d noenhanced font 'sans-serif,10' background '#ffffff'", png_term, w, h)

set style line 1 lc rgb "#1f77b4" lw 1.5 pt 7 ps 0.7
set style line 2 lc rgb "#d62728" lw 1.5 pt 5 ps 0.6
set style line 3 lc rgb "#08306b" lw 2.5
set style line 4 lc rgb "#67000d" lw 2.5
set style line 5 lc rgb "#2ca02c" lw 2 pt 9 ps 0.8
set style line 9 lc rgb "#333333" lw 1.2 pt 7 ps 0
set grid ytics lc rgb "#dddddd" lt 1
set border 3
set tics nomirror
set key opaque box lc rgb "#cccccc" samplen 2.5

# sel(m): rows of the current station and metric m. val, low and high give the mean
# and its 95 % CI (the mean alone when the CI is nan), times k (100 for %).
sel(m) = strcol(c_station) eq station && strcol(c_metric) eq m
val(m, k) = sel(m) ? k * column(c_mean) : NaN
low(k) = k * orv(num(c_ci_low), column(c_mean))
high(k) = k * orv(num(c_ci_high), column(c_mean))
# erl(m, k): the stationary analytic prediction of the same interval (the formula is
# in the analytic_model column and in the key).
c_ref = c_analytic
erl(m, k) = sel(m) ? k * column(c_ref) : NaN
# blocked(c): blocked calls in % of offered calls of an interval, from its offered and
# blocked rows (offered comes first) of column c: the ratio of the mean counts.
b_off = NaN
blocked(c) = strcol(c_station) ne station ? NaN \
    : strcol(c_metric) eq "offered" ? (b_off = num(c), NaN) \
    : strcol(c_metric) eq "blocked" && b_off > 0 ? 100 * num(c) / b_off : NaN
# seg(m, k, dx): a line from the previous point of metric m to this one, as a vector
# (x0, y0) -> (p_x, p_y); none after a gap (a closed slot, a lunch closure, a new
# day), so that a closure is drawn as a gap, not as a line across it. Call it first
# in a using spec: it sets x0, y0, p_x, p_y.
p_x = NaN
p_y = NaN
p_d = ""
x0 = NaN
y0 = NaN
seg(m, k, dx) = !sel(m) ? NaN : (s_x = xpos(dx), s_y = k * column(c_mean), \
    gap = !(s_x > p_x) || s_x - p_x > 1.5 * ilen || strcol(c_day) ne p_d, \
    x0 = p_x, y0 = p_y, p_x = s_x, p_y = s_y, p_d = strcol(c_day), gap ? NaN : x0)

# ---- switchboard: x = hours since 09:00 of the first day shown; each day is 7.5 h wide, closed hours left out.
station = 'switchboard'
day_x(d) = d eq "mon" ? 0 : d eq "tue" ? 7.5 : d eq "wed" ? 15 : d eq "thu" ? 22.5 : d eq "fri" ? 30 : NaN
shut(d, t) = 0
open_at(d, t) = !shut(d, t) && hours(t) > 9 - 1e-6 && hours(t) < 16 + 1e-6
# (other stations' rows first: most rows, and the cheapest test)
xpos(dx) = strcol(c_station) eq station && open_at(strcol(c_day), strcol(c_interval_start)) \
    ? day_x(strcol(c_day)) + hours(strcol(c_interval_start)) - 9 + 0.25 + dx : NaN
ilen = 0.5
set xrange [0:37.5]
set xtics ("Mon 09:00" 0, "Mon 12:00" 3, "Mon 15:00" 6, "Tue 09:00" 7.5, "Tue 12:00" 10.5, "Tue 15:00" 13.5, "Wed 09:00" 15, "Wed 12:00" 18, "Wed 15:00" 21, "Thu 09:00" 22.5, "Thu 12:00" 25.5, "Thu 15:00" 28.5, "Fri 09:00" 30, "Fri 12:00" 33, "Fri 15:00" 36) rotate by 30 right font ",10"
unset arrow
set lmargin 12
set arrow from 7.5, graph 0 to 7.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 15, graph 0 to 15, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 22.5, graph 0 to 22.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 30, graph 0 to 30, graph 1 nohead dt 3 lc rgb "#888888"
set xlabel "interval start (open hours only; dotted lines separate days)"
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 1000)
    set output 'intervals_switchboard'.'.'.fmt
    set multiplot layout 2,1 title 'pilot14-2013: switchboard by interval (mean and 95 % CI over 10 replications)' font ",13"
    set key outside top center horizontal
    set title "Waiting time"
    set ylabel "wait (s)"
    set yrange [0:*]
    plot file using (xpos(-ilen / 2)):(erl("asa_s", 1)):(ilen):(0) with vectors nohead ls 3 \
            title 'ASA, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-ilen / 2)):(erl("mean_wait_s", 1)):(ilen):(0) with vectors nohead ls 4 \
            title 'mean wait, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-0.06)):(val("asa_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 1 title "ASA of answered calls, simulated", \
         file using (xpos(0.06)):(val("mean_wait_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 2 title "mean wait of the callers not blocked, simulated"
    set title "Abandonment and blocking"
    set ylabel "% of offered calls"
    set yrange [0:*<100]
    plot file using (xpos(-ilen / 2)):(erl("abandon_rate", 100)):(ilen):(0) with vectors nohead ls 4 \
            title 'abandoned, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-ilen / 2)):(blocked(c_ref)):(ilen):(0) with vectors nohead ls 3 \
            title 'blocked, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-0.06)):(val("abandon_rate", 100)):(low(100)):(high(100)) \
            with yerrorbars ls 2 title "abandoned, simulated", \
         file using (xpos(0.06)):(blocked(c_mean)) \
            with points ls 1 title "blocked (waiting line full), simulated"
    unset multiplot
}
set output

# ---- level1: x = hours since 08:30 of the first day shown; each day is 9.5 h wide, closed hours left out.
station = 'level1'
day_x(d) = d eq "mon" ? 0 : d eq "tue" ? 9.5 : d eq "wed" ? 19 : d eq "thu" ? 28.5 : d eq "fri" ? 38 : NaN
shut(d, t) = 0
open_at(d, t) = !shut(d, t) && hours(t) > 8.5 - 1e-6 && hours(t) < 17.5 + 1e-6
# (other stations' rows first: most rows, and the cheapest test)
xpos(dx) = strcol(c_station) eq station && open_at(strcol(c_day), strcol(c_interval_start)) \
    ? day_x(strcol(c_day)) + hours(strcol(c_interval_start)) - 8.5 + 0.25 + dx : NaN
ilen = 0.5
set xrange [0:47.5]
set xtics ("Mon 08:30" 0, "Mon 12:30" 4, "Mon 16:30" 8, "Tue 08:30" 9.5, "Tue 12:30" 13.5, "Tue 16:30" 17.5, "Wed 08:30" 19, "Wed 12:30" 23, "Wed 16:30" 27, "Thu 08:30" 28.5, "Thu 12:30" 32.5, "Thu 16:30" 36.5, "Fri 08:30" 38, "Fri 12:30" 42, "Fri 16:30" 46) rotate by 30 right font ",10"
unset arrow
set lmargin 12
set arrow from 9.5, graph 0 to 9.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 19, graph 0 to 19, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 28.5, graph 0 to 28.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 38, graph 0 to 38, graph 1 nohead dt 3 lc rgb "#888888"
set xlabel "interval start (open hours only; dotted lines separate days)"
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 1000)
    set output 'intervals_level1'.'.'.fmt
    set multiplot layout 2,1 title 'pilot14-2013: level1 by interval (mean and 95 % CI over 10 replications)' font ",13"
    set key outside top center horizontal
    set title "Waiting time"
    set ylabel "wait (s)"
    set yrange [0:*]
    plot file using (xpos(-ilen / 2)):(erl("asa_s", 1)):(ilen):(0) with vectors nohead ls 3 \
            title 'ASA, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-ilen / 2)):(erl("mean_wait_s", 1)):(ilen):(0) with vectors nohead ls 4 \
            title 'mean wait, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-0.06)):(val("asa_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 1 title "ASA of answered calls, simulated", \
         file using (xpos(0.06)):(val("mean_wait_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 2 title "mean wait of the callers not blocked, simulated"
    set title "Abandonment and blocking"
    set ylabel "% of offered calls"
    set yrange [0:*<100]
    plot file using (xpos(-ilen / 2)):(erl("abandon_rate", 100)):(ilen):(0) with vectors nohead ls 4 \
            title 'abandoned, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-ilen / 2)):(blocked(c_ref)):(ilen):(0) with vectors nohead ls 3 \
            title 'blocked, analytic: M/M/c/K+M (K waiting places)', \
         file using (xpos(-0.06)):(val("abandon_rate", 100)):(low(100)):(high(100)) \
            with yerrorbars ls 2 title "abandoned, simulated", \
         file using (xpos(0.06)):(blocked(c_mean)) \
            with points ls 1 title "blocked (waiting line full), simulated"
    unset multiplot
}
set output

# ---- level2: x = hours since 08:30 of the first day shown; each day is 9.5 h wide, closed hours left out.
station = 'level2'
day_x(d) = d eq "mon" ? 0 : d eq "tue" ? 9.5 : d eq "wed" ? 19 : d eq "thu" ? 28.5 : d eq "fri" ? 38 : NaN
shut(d, t) = (d eq "mon" && t eq '18:00') || (d eq "tue" && t eq '18:00') || (d eq "wed" && t eq '18:00') || (d eq "thu" && t eq '18:00') || (d eq "fri" && t eq '18:00') || 0
open_at(d, t) = !shut(d, t) && hours(t) > 8.5 - 1e-6 && hours(t) < 17.5 + 1e-6
# (other stations' rows first: most rows, and the cheapest test)
xpos(dx) = strcol(c_station) eq station && open_at(strcol(c_day), strcol(c_interval_start)) \
    ? day_x(strcol(c_day)) + hours(strcol(c_interval_start)) - 8.5 + 0.25 + dx : NaN
ilen = 0.5
set xrange [0:47.5]
set xtics ("Mon 08:30" 0, "Mon 12:30" 4, "Mon 16:30" 8, "Tue 08:30" 9.5, "Tue 12:30" 13.5, "Tue 16:30" 17.5, "Wed 08:30" 19, "Wed 12:30" 23, "Wed 16:30" 27, "Thu 08:30" 28.5, "Thu 12:30" 32.5, "Thu 16:30" 36.5, "Fri 08:30" 38, "Fri 12:30" 42, "Fri 16:30" 46) rotate by 30 right font ",10"
unset arrow
set lmargin 12
set arrow from 9.5, graph 0 to 9.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 19, graph 0 to 19, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 28.5, graph 0 to 28.5, graph 1 nohead dt 3 lc rgb "#888888"
set arrow from 38, graph 0 to 38, graph 1 nohead dt 3 lc rgb "#888888"
set xlabel "interval start (open hours only; dotted lines separate days)"
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 1000)
    set output 'intervals_level2'.'.'.fmt
    set multiplot layout 2,1 title 'pilot14-2013: level2 by interval (mean and 95 % CI over 10 replications)' font ",13"
    set key outside top center horizontal
    set title "Waiting time"
    set ylabel "wait (s)"
    set yrange [0:*]
    plot file using (xpos(-ilen / 2)):(erl("asa_s", 1)):(ilen):(0) with vectors nohead ls 3 \
            title 'ASA, analytic: Erlang A (M/M/c+M)', \
         file using (xpos(-ilen / 2)):(erl("mean_wait_s", 1)):(ilen):(0) with vectors nohead ls 4 \
            title 'mean wait, analytic: Erlang A (M/M/c+M)', \
         file using (xpos(-0.06)):(val("asa_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 1 title "ASA of answered calls, simulated", \
         file using (xpos(0.06)):(val("mean_wait_s", 1)):(low(1)):(high(1)) \
            with yerrorbars ls 2 title "mean wait of the callers not blocked, simulated"
    set title "Abandonment and blocking"
    set ylabel "% of offered calls"
    set yrange [0:*<100]
    plot file using (xpos(-ilen / 2)):(erl("abandon_rate", 100)):(ilen):(0) with vectors nohead ls 4 \
            title 'abandoned, analytic: Erlang A (M/M/c+M)', \
         file using (xpos(-ilen / 2)):(blocked(c_ref)):(ilen):(0) with vectors nohead ls 3 \
            title 'blocked, analytic: Erlang A (M/M/c+M)', \
         file using (xpos(-0.06)):(val("abandon_rate", 100)):(low(100)):(high(100)) \
            with yerrorbars ls 2 title "abandoned, simulated", \
         file using (xpos(0.06)):(blocked(c_mean)) \
            with points ls 1 title "blocked (waiting line full), simulated"
    unset multiplot
}
set output

