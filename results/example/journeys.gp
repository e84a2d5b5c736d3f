# journeys.gp: end-to-end outcomes of general-information calls
# Written by `ccsim plot` from journeys.csv. Edit freely, then re-run in this directory:
#     gnuplot journeys.gp
# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) and SVG.

set datafile separator comma
set datafile columnheaders
# A point whose value is NaN is skipped, so a line joins the rows selected for it.
set datafile missing NaN
set encoding utf8
file = 'journeys.csv'
# Columns of journeys.csv, by name, so that the script survives a new column.
c_scenario = 1
c_outcome = 2
c_metric = 3
c_mean = 4
c_ci_low = 5
c_ci_high = 6
c_reps = 7
c_unit = 8

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

sel(m) = strcol(c_metric) eq m
# lo(0), hi(0): the 95 % CI, drawn as a bar with square ends.
lo(dummy) = orv(num(c_ci_low), column(c_mean))
hi(dummy) = orv(num(c_ci_high), column(c_mean))
set style fill solid 0.75 border lc rgb "#333333"
set grid xtics ytics lc rgb "#dddddd" lt 1
unset key
yo(o) = o eq 'closed_l1' ? 9 : o eq 'closed_l2' ? 8 : o eq 'abandoned_switchboard' ? 7 : o eq 'abandoned_l1' ? 6 : o eq 'abandoned_l2' ? 5 : o eq 'blocked_switchboard' ? 4 : o eq 'blocked_l1' ? 3 : o eq 'blocked_l2' ? 2 : o eq 'unanswered_general' ? 1 : NaN
set yrange [0.4:9.6]
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 560)
    set output 'journeys'.'.'.fmt
    set multiplot layout 1,2 columnsfirst margins 0.2,0.97,0.12,0.88 spacing 0.06 title 'pilot14-2013: journeys of general-information calls (mean and 95 % CI over 10 replications)' font ",13"
    set format y "%g"
    set ytics ('closed at level 1' 9, 'closed at level 2' 8, 'abandoned at the switchboard' 7, 'abandoned at level 1' 6, 'abandoned at level 2' 5, 'blocked at the switchboard' 4, 'blocked at level 1' 3, 'blocked at level 2' 2, 'general call left unanswered' 1)
    set title "Share of the calls"
    set xlabel "% of general calls"
    set xrange [0:*]
    set offsets 0, graph 0.15, 0, 0
    plot file using (sel("share") ? 100 * column(c_mean) : NaN):(yo(strcol(c_outcome))) \
            :(0):(100 * column(c_mean)):(yo(strcol(c_outcome)) - 0.35):(yo(strcol(c_outcome)) + 0.35) with boxxyerror ls 1, \
         file using (sel("share") ? 100 * lo(0) : NaN):(yo(strcol(c_outcome))):(100 * (hi(0) - lo(0))):(0) \
            with vectors heads size screen 0.006,90 ls 9, \
         file using (sel("share") ? 100 * orv(num(c_ci_high), column(c_mean)) : NaN):(yo(strcol(c_outcome))) \
            :(sprintf("%.1f %%", 100 * column(c_mean))) with labels left offset 0.8,0 font ",9"
    set title "Mean wait on the way"
    set xlabel "wait (s)"
    set offsets 0, graph 0.05, 0, 0
    set ytics 1
    set format y ""
    plot file using (sel("mean_wait_s") ? column(c_mean) : NaN):(yo(strcol(c_outcome))) \
            :(0):(column(c_mean)):(yo(strcol(c_outcome)) - 0.35):(yo(strcol(c_outcome)) + 0.35) with boxxyerror ls 2, \
         file using (sel("mean_wait_s") ? lo(0) : NaN):(yo(strcol(c_outcome))):(hi(0) - lo(0)):(0) \
            with vectors heads size screen 0.006,90 ls 9
    unset multiplot
}
set output

