# sweep.gp: staffing or sensitivity curves, one figure per station that varied
# Written by `ccsim plot` from sweep.csv. Edit freely, then re-run in this directory:
#     gnuplot sweep.gp
# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) and SVG.

set datafile separator comma
set datafile columnheaders
# A point whose value is NaN is skipped, so a line joins the rows selected for it.
set datafile missing NaN
set encoding utf8
file = 'sweep.csv'
# Columns of sweep.csv, by name, so that the script survives a new column.
c_scenario = 1
c_point = 2
c_x_path = 3
c_x = 4
c_y_path = 5
c_y = 6
c_station = 7
c_metric = 8
c_mean = 9
c_ci_low = 10
c_ci_high = 11
c_reps = 12
c_base_point = 13
c_diff = 14
c_diff_ci_low = 15
c_diff_ci_high = 16
c_diff_significant = 17
c_unit = 18

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

# One curve per value of y (a two-dimensional sweep) or a single curve.
x_path = 'level2.etpt'
y_path = 'level1.escalate.prefecture'
# The axes in words; xk: the scale of x (100: a share drawn in %).
x_words = 'level-2 staff (ETPT)'
y_words = 'level-1 escalation of prefecture calls (%)'
xk = 1
nc = 5
two_d = 1
# yi(y): the curve of a row's y value; curve(i): its key title.
yi(y) = y eq '0.01' ? 1 : y eq '0.03' ? 2 : y eq '0.05' ? 3 : y eq '0.07' ? 4 : y eq '0.09' ? 5 : NaN
curve(i) = i == 1 ? '1 %' : i == 2 ? '3 %' : i == 3 ? '5 %' : i == 4 ? '7 %' : i == 5 ? '9 %' : "mean"
mi(m) = m eq "answer_rate" ? 1 : m eq "abandon_rate" ? 2 : m eq "asa_s" ? 3 : m eq "sl_60" ? 4 : NaN
colors = "#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e #8c564b #17becf #7f7f7f"
color(i) = word(colors, (i - 1) % 8 + 1)
keytitle = two_d ? y_words." =" : ""
band(i) = i > 1 ? "" : (two_d ? "95 % CI bands" : "95 % CI")
# $S holds the current station's rows as numbers: x (times xk), curve, metric (mi),
# mean, CI low, CI high (the mean alone when the CI is nan), and the paired
# difference from the first point of the curve with its CI (columns 7 to 9; NaN in a
# sweep.csv without them); sel(m, i): metric m of curve i. c0 = 4 for the values, 7
# for the differences.
has_diff = 1
sel(m, i) = column(3) == m && column(2) == i
val(m, i, k, c0) = sel(m, i) ? k * column(c0) : NaN
lowv(m, i, k, c0) = sel(m, i) ? k * column(c0 + 1) : NaN
high(k, c0) = k * column(c0 + 2)
set xlabel x_words

station = 'network'
# This station's rows, read once into $S: each panel reads its data once per curve.
undefine $S
set datafile columnheaders
set table $S separator comma
plot file using (xk * column(c_x)):(yi(strcol(c_y))):(mi(strcol(c_metric))):(column(c_mean)) \
    :(orv(num(c_ci_low), column(c_mean))):(orv(num(c_ci_high), column(c_mean))) \
    :(num(c_diff)):(orv(num(c_diff_ci_low), num(c_diff))):(orv(num(c_diff_ci_high), num(c_diff))) \
    with table if (strcol(c_station) eq station && mi(strcol(c_metric)) > 0 \
                   && yi(strcol(c_y)) > 0)
unset table
set datafile nocolumnheaders
do for [fmt in "png svg"] {
    eval term(fmt, 1300, 1560)
    set output 'sweep_network'.'.'.fmt
    set multiplot layout 4,2 margins 0.07,0.98,0.05,0.88 spacing 0.08,0.06 title 'generalize-13etpt: network against level-2 staff (ETPT) (mean and 95 % CI over 10 replications)' font ",13"
    set title "Answer rate"
    set ylabel "answered (% of offered calls)"
    set yrange [0:*<100]
    set key at screen 0.5, screen 0.95 center top horizontal title keytitle
    plot for [i=1:nc] $S using 1:(lowv(1, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(1, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Answer rate: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(1, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(1, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Abandonment"
    set ylabel "abandoned (% of offered calls)"
    set yrange [0:*<100]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(2, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(2, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Abandonment: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(2, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(2, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Waiting time"
    set ylabel "ASA of answered calls (s)"
    set yrange [0:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(3, i, 1, 4)):(high(1, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(3, i, 1, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Waiting time: paired difference from the first point (common random numbers)"
    set ylabel "difference of the ASA (s)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(3, i, 1, 7)):(high(1, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(3, i, 1, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Service level"
    set ylabel "answered within 60 s (% of offered)"
    set yrange [0:*<100]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(4, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(4, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Service level: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(4, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(4, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    unset multiplot
}
set output

station = 'level2'
# This station's rows, read once into $S: each panel reads its data once per curve.
undefine $S
set datafile columnheaders
set table $S separator comma
plot file using (xk * column(c_x)):(yi(strcol(c_y))):(mi(strcol(c_metric))):(column(c_mean)) \
    :(orv(num(c_ci_low), column(c_mean))):(orv(num(c_ci_high), column(c_mean))) \
    :(num(c_diff)):(orv(num(c_diff_ci_low), num(c_diff))):(orv(num(c_diff_ci_high), num(c_diff))) \
    with table if (strcol(c_station) eq station && mi(strcol(c_metric)) > 0 \
                   && yi(strcol(c_y)) > 0)
unset table
set datafile nocolumnheaders
do for [fmt in "png svg"] {
    eval term(fmt, 1300, 1560)
    set output 'sweep_level2'.'.'.fmt
    set multiplot layout 4,2 margins 0.07,0.98,0.05,0.88 spacing 0.08,0.06 title 'generalize-13etpt: level2 against level-2 staff (ETPT) (mean and 95 % CI over 10 replications)' font ",13"
    set title "Answer rate"
    set ylabel "answered (% of offered calls)"
    set yrange [0:*<100]
    set key at screen 0.5, screen 0.95 center top horizontal title keytitle
    plot for [i=1:nc] $S using 1:(lowv(1, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(1, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Answer rate: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(1, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(1, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Abandonment"
    set ylabel "abandoned (% of offered calls)"
    set yrange [0:*<100]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(2, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(2, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Abandonment: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(2, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(2, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Waiting time"
    set ylabel "ASA of answered calls (s)"
    set yrange [0:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(3, i, 1, 4)):(high(1, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(3, i, 1, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Waiting time: paired difference from the first point (common random numbers)"
    set ylabel "difference of the ASA (s)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(3, i, 1, 7)):(high(1, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(3, i, 1, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    set title "Service level"
    set ylabel "answered within 60 s (% of offered)"
    set yrange [0:*<100]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(4, i, 100, 4)):(high(100, 4)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(4, i, 100, 4)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)
    set title "Service level: paired difference from the first point (common random numbers)"
    set ylabel "difference (percentage points)"
    set yrange [*:*]
    unset key
    plot for [i=1:nc] $S using 1:(lowv(4, i, 100, 7)):(high(100, 7)) \
            with filledcurves fs transparent solid 0.2 noborder lc rgb color(i) title band(i), \
         for [i=1:nc] $S using 1:(val(4, i, 100, 7)) \
            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i), \
         0 with lines ls 9 dt 2 notitle
    unset multiplot
}
set output

