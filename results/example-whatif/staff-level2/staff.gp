# staff.gp: the staffing search: each target metric against the staff tried
# Written by `ccsim plot` from staff.csv. Edit freely, then re-run in this directory:
#     gnuplot staff.gp
# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) and SVG.

set datafile separator comma
set datafile columnheaders
# A point whose value is NaN is skipped, so a line joins the rows selected for it.
set datafile missing NaN
set encoding utf8
file = 'staff.csv'
# Columns of staff.csv, by name, so that the script survives a new column.
c_scenario = 1
c_step = 2
c_station = 3
c_scale = 4
c_agents_avg = 5
c_etpt = 6
c_eur_per_year = 7
c_metric = 8
c_mean = 9
c_ci_low = 10
c_ci_high = 11
c_meets = 12
c_target = 13

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

sel(s, m) = strcol(c_station) eq s && strcol(c_metric) eq m
low(k) = k * orv(num(c_ci_low), column(c_mean))
high(k) = k * orv(num(c_ci_high), column(c_mean))
# x: the station's staff at each step.
c_xv = 6
set xlabel "staff (ETPT)"
set offsets graph 0.04, graph 0.04, graph 0.15, 0
set lmargin at screen 0.08
set rmargin at screen 0.73

do for [fmt in "png svg"] {
    eval term(fmt, 1100, 900)
    set output 'staff'.'.'.fmt
    set multiplot layout 2,1 title 'generalize-13etpt: staffing search for level2 (numbers = steps)'."\n".'smallest staff meeting every target: 20 ETPT (step 4)' font ",13"
    set key outside right top
    s = 'level2'
    m = 'answer_rate'
    k = 100
    set title sprintf("%s, %s", s, m)
    set ylabel 'answered (% of offered calls)'
    unset arrow
    set yrange [0<*<87.78:97.02<*<100]
    set arrow from graph 0, first 92.4 to graph 1, first 92.4 nohead lc rgb "#000000" dt 2 lw 1.5 back
    plot file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN) with lines ls 9 dt 3 title "the walk, step by step", \
         file using (column(c_xv)):(sel(s, m) && column(c_meets) == 1 ? k * column(c_mean) : NaN):(low(k)):(high(k)) \
            with yerrorbars ls 5 title "meets the target", \
         file using (column(c_xv)):(sel(s, m) && column(c_meets) != 1 ? k * column(c_mean) : NaN):(low(k)):(high(k)) \
            with yerrorbars ls 2 title "misses the target", \
         file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN):(strcol(c_step)) \
            with labels offset 0,1.2 font ",8" notitle, \
         keyentry with lines lc rgb "#000000" dt 2 lw 1.5 title 'target: answer_rate >= 92.4 %'
    s = 'level2'
    m = 'asa_s'
    k = 1
    set title sprintf("%s, %s", s, m)
    set ylabel 'ASA of answered calls (s)'
    unset arrow
    set yrange [*<8.474:9.366<*]
    set arrow from graph 0, first 8.92 to graph 1, first 8.92 nohead lc rgb "#000000" dt 2 lw 1.5 back
    plot file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN) with lines ls 9 dt 3 title "the walk, step by step", \
         file using (column(c_xv)):(sel(s, m) && column(c_meets) == 1 ? k * column(c_mean) : NaN):(low(k)):(high(k)) \
            with yerrorbars ls 5 title "meets the target", \
         file using (column(c_xv)):(sel(s, m) && column(c_meets) != 1 ? k * column(c_mean) : NaN):(low(k)):(high(k)) \
            with yerrorbars ls 2 title "misses the target", \
         file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN):(strcol(c_step)) \
            with labels offset 0,1.2 font ",8" notitle, \
         keyentry with lines lc rgb "#000000" dt 2 lw 1.5 title 'target: asa_s <= 8.92'
    unset multiplot
}
set output

