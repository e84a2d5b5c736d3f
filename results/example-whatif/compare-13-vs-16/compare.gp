# compare.gp: scenario A against scenario B, one figure per station
# Written by `ccsim plot` from compare.csv. Edit freely, then re-run in this directory:
#     gnuplot compare.gp
# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) and SVG.

set datafile separator comma
set datafile columnheaders
# A point whose value is NaN is skipped, so a line joins the rows selected for it.
set datafile missing NaN
set encoding utf8
file = 'compare.csv'
# Columns of compare.csv, by name, so that the script survives a new column.
c_scenario_a = 1
c_scenario_b = 2
c_station = 3
c_metric = 4
c_mean_a = 5
c_mean_b = 6
c_diff = 7
c_ci_low = 8
c_ci_high = 9
c_reps = 10
c_significant = 11
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

name_a = 'generalize-13etpt'
name_b = 'generalize-16etpt'
# at(m, i): bar position of metric m in the list ms (NaN for other rows); B's bar
# carries the paired 95 % CI of B - A added to A's mean, and '*' marks a difference
# whose CI excludes 0.
at(ms) = strcol(c_station) ne station ? NaN : (strstrt(" ".ms." ", " ".strcol(c_metric)." ") > 0 ? words(substr(ms, 1, strstrt(" ".ms." ", " ".strcol(c_metric)." "))) : NaN)
b_low(k) = k * (column(c_mean_a) + orv(num(c_ci_low), column(c_diff)))
b_high(k) = k * (column(c_mean_a) + orv(num(c_ci_high), column(c_diff)))
top(k) = max2(max2(k * column(c_mean_a), k * column(c_mean_b)), b_high(k))
set style fill solid 0.8 border lc rgb "#333333"
set boxwidth 0.36

station = 'network'
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 980)
    set output 'compare_network'.'.'.fmt
    set multiplot layout 2,2 columnsfirst margins 0.07,0.98,0.06,0.87 spacing 0.08,0.1 title 'A = generalize-13etpt vs B = generalize-16etpt: network'."\n".'* = significant: the paired 95 % CI of B - A excludes 0' font ",13"
    unset key
    set yrange [0:119]
    set ytics 0,20,100
    set title "Answer, abandonment, service level"
    set ylabel "% of offered calls"
    set xtics ("answer rate" 1, "abandon rate" 2, "answered within 60 s" 3)
    ms = "answer_rate abandon_rate sl_60"
    set xrange [0.4:3.6]
    plot file using (at(ms) - 0.19):(100 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(100 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(100)):(0):(b_high(100) - b_low(100)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(100 * column(c_mean_a)):(sprintf("%.1f", 100 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(100)):(sprintf("%.1f", 100 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms)):(column(c_significant) == 1 ? top(100) : NaN):("*") \
            with labels offset 0,1.9 font ",18" tc rgb "#000000" notitle
    set ytics autofreq
    unset key
    set yrange [*:*]
    set ylabel "difference (percentage points)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "answer_rate abandon_rate sl_60"
    plot file using (at(ms)):(100 * column(c_diff)):(100 * orv(num(c_ci_low), column(c_diff))) \
            :(100 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(100 * column(c_diff)):(sprintf("%+.2f", 100 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set key top right
    set yrange [0:*]
    set ytics autofreq
    set title "Waiting time"
    set ylabel "ASA (s)"
    set xtics ("ASA of answered calls" 1)
    set offsets 0, 0, graph 0.2, 0
    ms = "asa_s"
    set xrange [-0.2:3.2]
    plot file using (at(ms) - 0.19):(1 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(1 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(1)):(0):(b_high(1) - b_low(1)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(1 * column(c_mean_a)):(sprintf("%.1f s", 1 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(1)):(sprintf("%.1f s", 1 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms)):(column(c_significant) == 1 ? top(1) : NaN):("*") \
            with labels offset 0,1.9 font ",18" tc rgb "#000000" notitle
    set offsets 0, 0, graph 0.1, graph 0.1
    unset key
    set yrange [*:*]
    set ylabel "difference of the ASA (s)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "asa_s"
    plot file using (at(ms)):(1 * column(c_diff)):(1 * orv(num(c_ci_low), column(c_diff))) \
            :(1 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(1 * column(c_diff)):(sprintf("%+.2f s", 1 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set offsets 0, 0, 0, 0
    unset multiplot
}
set output

station = 'switchboard'
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 980)
    set output 'compare_switchboard'.'.'.fmt
    set multiplot layout 2,2 columnsfirst margins 0.07,0.98,0.06,0.87 spacing 0.08,0.1 title 'A = generalize-13etpt vs B = generalize-16etpt: switchboard'."\n".'* = significant: the paired 95 % CI of B - A excludes 0' font ",13"
    unset key
    set yrange [0:119]
    set ytics 0,20,100
    set title "Answer, abandonment, service level"
    set ylabel "% of offered calls"
    set xtics ("answer rate" 1, "abandon rate" 2, "answered within 60 s" 3)
    ms = "answer_rate abandon_rate sl_60"
    set xrange [0.4:3.6]
    plot file using (at(ms) - 0.19):(100 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(100 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(100)):(0):(b_high(100) - b_low(100)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(100 * column(c_mean_a)):(sprintf("%.1f", 100 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(100)):(sprintf("%.1f", 100 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle
    set ytics autofreq
    unset key
    set yrange [-1:1]
    set ylabel "difference (percentage points)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "answer_rate abandon_rate sl_60"
    plot file using (at(ms)):(100 * column(c_diff)):(100 * orv(num(c_ci_low), column(c_diff))) \
            :(100 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(100 * column(c_diff)):(sprintf("%+.2f", 100 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set key top right
    set yrange [0:*]
    set ytics autofreq
    set title "Waiting time"
    set ylabel "ASA (s)"
    set xtics ("ASA of answered calls" 1)
    set offsets 0, 0, graph 0.2, 0
    ms = "asa_s"
    set xrange [-0.2:3.2]
    plot file using (at(ms) - 0.19):(1 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(1 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(1)):(0):(b_high(1) - b_low(1)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(1 * column(c_mean_a)):(sprintf("%.1f s", 1 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(1)):(sprintf("%.1f s", 1 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle
    set offsets 0, 0, graph 0.1, graph 0.1
    unset key
    set yrange [-1:1]
    set ylabel "difference of the ASA (s)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "asa_s"
    plot file using (at(ms)):(1 * column(c_diff)):(1 * orv(num(c_ci_low), column(c_diff))) \
            :(1 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(1 * column(c_diff)):(sprintf("%+.2f s", 1 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set offsets 0, 0, 0, 0
    unset multiplot
}
set output

station = 'level1'
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 980)
    set output 'compare_level1'.'.'.fmt
    set multiplot layout 2,2 columnsfirst margins 0.07,0.98,0.06,0.87 spacing 0.08,0.1 title 'A = generalize-13etpt vs B = generalize-16etpt: level1'."\n".'* = significant: the paired 95 % CI of B - A excludes 0' font ",13"
    unset key
    set yrange [0:119]
    set ytics 0,20,100
    set title "Answer, abandonment, service level"
    set ylabel "% of offered calls"
    set xtics ("answer rate" 1, "abandon rate" 2, "answered within 60 s" 3)
    ms = "answer_rate abandon_rate sl_60"
    set xrange [0.4:3.6]
    plot file using (at(ms) - 0.19):(100 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(100 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(100)):(0):(b_high(100) - b_low(100)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(100 * column(c_mean_a)):(sprintf("%.1f", 100 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(100)):(sprintf("%.1f", 100 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle
    set ytics autofreq
    unset key
    set yrange [-1:1]
    set ylabel "difference (percentage points)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "answer_rate abandon_rate sl_60"
    plot file using (at(ms)):(100 * column(c_diff)):(100 * orv(num(c_ci_low), column(c_diff))) \
            :(100 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(100 * column(c_diff)):(sprintf("%+.2f", 100 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set key top right
    set yrange [0:*]
    set ytics autofreq
    set title "Waiting time"
    set ylabel "ASA (s)"
    set xtics ("ASA of answered calls" 1)
    set offsets 0, 0, graph 0.2, 0
    ms = "asa_s"
    set xrange [-0.2:3.2]
    plot file using (at(ms) - 0.19):(1 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(1 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(1)):(0):(b_high(1) - b_low(1)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(1 * column(c_mean_a)):(sprintf("%.1f s", 1 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(1)):(sprintf("%.1f s", 1 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle
    set offsets 0, 0, graph 0.1, graph 0.1
    unset key
    set yrange [-1:1]
    set ylabel "difference of the ASA (s)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "asa_s"
    plot file using (at(ms)):(1 * column(c_diff)):(1 * orv(num(c_ci_low), column(c_diff))) \
            :(1 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(1 * column(c_diff)):(sprintf("%+.2f s", 1 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set offsets 0, 0, 0, 0
    unset multiplot
}
set output

station = 'level2'
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 980)
    set output 'compare_level2'.'.'.fmt
    set multiplot layout 2,2 columnsfirst margins 0.07,0.98,0.06,0.87 spacing 0.08,0.1 title 'A = generalize-13etpt vs B = generalize-16etpt: level2'."\n".'* = significant: the paired 95 % CI of B - A excludes 0' font ",13"
    unset key
    set yrange [0:119]
    set ytics 0,20,100
    set title "Answer, abandonment, service level"
    set ylabel "% of offered calls"
    set xtics ("answer rate" 1, "abandon rate" 2, "answered within 60 s" 3)
    ms = "answer_rate abandon_rate sl_60"
    set xrange [0.4:3.6]
    plot file using (at(ms) - 0.19):(100 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(100 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(100)):(0):(b_high(100) - b_low(100)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(100 * column(c_mean_a)):(sprintf("%.1f", 100 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(100)):(sprintf("%.1f", 100 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms)):(column(c_significant) == 1 ? top(100) : NaN):("*") \
            with labels offset 0,1.9 font ",18" tc rgb "#000000" notitle
    set ytics autofreq
    unset key
    set yrange [*:*]
    set ylabel "difference (percentage points)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "answer_rate abandon_rate sl_60"
    plot file using (at(ms)):(100 * column(c_diff)):(100 * orv(num(c_ci_low), column(c_diff))) \
            :(100 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(100 * column(c_diff)):(sprintf("%+.2f", 100 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set key top right
    set yrange [0:*]
    set ytics autofreq
    set title "Waiting time"
    set ylabel "ASA (s)"
    set xtics ("ASA of answered calls" 1)
    set offsets 0, 0, graph 0.2, 0
    ms = "asa_s"
    set xrange [-0.2:3.2]
    plot file using (at(ms) - 0.19):(1 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(1 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(1)):(0):(b_high(1) - b_low(1)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(1 * column(c_mean_a)):(sprintf("%.1f s", 1 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(1)):(sprintf("%.1f s", 1 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms)):(column(c_significant) == 1 ? top(1) : NaN):("*") \
            with labels offset 0,1.9 font ",18" tc rgb "#000000" notitle
    set offsets 0, 0, graph 0.1, graph 0.1
    unset key
    set yrange [*:*]
    set ylabel "difference of the ASA (s)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "asa_s"
    plot file using (at(ms)):(1 * column(c_diff)):(1 * orv(num(c_ci_low), column(c_diff))) \
            :(1 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(1 * column(c_diff)):(sprintf("%+.2f s", 1 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set offsets 0, 0, 0, 0
    unset multiplot
}
set output

station = "costs"
do for [fmt in "png svg"] {
    eval term(fmt, 1200, 900)
    set output 'compare_costs'.'.'.fmt
    set multiplot layout 2,1 margins 0.08,0.98,0.07,0.88 spacing 0.1 title 'A = generalize-13etpt vs B = generalize-16etpt: yearly costs'."\n".'* = significant: the paired 95 % CI of B - A excludes 0' font ",13"
    set title "Costs of A and B"
    set key top left
    set yrange [0:*]
    set ytics autofreq
    set offsets 0, 0, graph 0.15, 0
    set ylabel "thousand EUR per year"
    set xtics ("level 1, transferred calls" 1, "ministry share" 2, "level 1, all calls" 3, "level 2 staff" 4, "callers' phone bills" 5)
    ms = "l1_transferred_eur_per_year ministry_eur_per_year l1_total_eur_per_year l2_eur_per_year caller_eur_per_year"
    set xrange [0.4:5.6]
    plot file using (at(ms) - 0.19):(0.001 * column(c_mean_a)) with boxes ls 1 title name_a, \
         file using (at(ms) + 0.19):(0.001 * column(c_mean_b)) with boxes ls 2 title name_b, \
         file using (at(ms) + 0.19):(b_low(0.001)):(0):(b_high(0.001) - b_low(0.001)) \
            with vectors heads size screen 0.008,90 ls 9 \
            title "B: A + paired 95 % CI of B - A", \
         file using (at(ms) - 0.19):(0.001 * column(c_mean_a)):(sprintf("%.0f", 0.001 * column(c_mean_a))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms) + 0.19):(b_high(0.001)):(sprintf("%.0f", 0.001 * column(c_mean_b))) \
            with labels offset 0,0.7 font ",9" notitle, \
         file using (at(ms)):(column(c_significant) == 1 ? top(0.001) : NaN):("*") \
            with labels offset 0,1.9 font ",18" tc rgb "#000000" notitle
    set offsets 0, 0, graph 0.1, graph 0.1
    unset key
    set yrange [*:*]
    set ylabel "difference (thousand EUR per year)"
    set title "B - A, paired by replication (common random numbers): mean and 95 % CI"
    ms = "l1_transferred_eur_per_year ministry_eur_per_year l1_total_eur_per_year l2_eur_per_year caller_eur_per_year"
    plot file using (at(ms)):(0.001 * column(c_diff)):(0.001 * orv(num(c_ci_low), column(c_diff))) \
            :(0.001 * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 ps 1.2, \
         file using (at(ms)):(0.001 * column(c_diff)):(sprintf("%+.1f", 0.001 * column(c_diff))) \
            with labels left offset 1.2,0 font ",9", \
         0 with lines ls 9 dt 2
    set offsets 0, 0, 0, 0
    unset multiplot
}
set output

