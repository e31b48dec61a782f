# make_qap_ref.R builds a small network cross-section from the bundled data
# and runs sna's netlogit and netlm on it, writing the values the Go tests
# compare against. Run from this directory: Rscript make_qap_ref.R
#
# europe2014.csv: one row per ordered pair (i, j), i != j, of the states
# with COW codes 200-399 in the COW IGO dyadic file for 2014 that V-Dem
# codes, with
#   defense  ATOP defense pact in 2014 (either direction; symmetric)
#   igos     joint full IGO memberships in 2014 (COW IGO dyadic), / 10
#   contig   direct land contiguity (COW conttype 1) in force in 2014
#   demdiff  |polyarchy_i - polyarchy_j| (V-Dem v2x_polyarchy, 2014)
#   imports  log(1 + imports of i from j), COW trade 2014 (directed)
#
# ref_qap.csv: for each model and null hypothesis, sna's estimates, observed
# test statistics (z for netlogit, t for netlm) and p-values from 2000
# permutations (set.seed(20140101) before each call).
suppressMessages(library(sna))
ds <- "../../../datasets"
ig <- read.csv(gzfile(file.path(ds, "cow-igo/cow_igo_ndy_1950_1990_2014.csv.gz")))
ig <- ig[ig$year == 2014 & ig$ccode1 >= 200 & ig$ccode1 < 400 & ig$ccode2 >= 200 & ig$ccode2 < 400, ]
v <- read.csv(gzfile(file.path(ds, "vdem/vdem_simple.csv.gz")))
v <- v[v$year == 2014 & !is.na(v$vdem_cowcode) & !is.na(v$v2x_polyarchy), ]
nodes <- sort(unique(c(ig$ccode1, ig$ccode2)))
nodes <- nodes[nodes %in% v$vdem_cowcode]  # drops microstates V-Dem does not code
ig <- ig[ig$ccode1 %in% nodes & ig$ccode2 %in% nodes, ]
n <- length(nodes)
M <- function() matrix(0, n, n, dimnames = list(nodes, nodes))
ix <- function(c) match(c, nodes)
igos <- M(); igos[cbind(ix(ig$ccode1), ix(ig$ccode2))] <- ig$dyadigos / 10; igos[cbind(ix(ig$ccode2), ix(ig$ccode1))] <- ig$dyadigos / 10
a <- read.csv(gzfile(file.path(ds, "atop/atop_alliance.csv.gz")))
a <- a[a$year == 2014 & a$atop_defense == 1 & a$ccode1 %in% nodes & a$ccode2 %in% nodes, ]
def <- M(); def[cbind(ix(a$ccode1), ix(a$ccode2))] <- 1; def <- pmax(def, t(def))
ct <- read.csv(file.path(ds, "cow-contiguity/cow_contdir.csv"))
ct <- ct[ct$conttype == 1 & as.integer(substr(ct$stdate, 1, 4)) <= 2014 & as.integer(substr(ct$enddate, 1, 4)) >= 2014 & ct$ccode1 %in% nodes & ct$ccode2 %in% nodes, ]
con <- M(); con[cbind(ix(ct$ccode1), ix(ct$ccode2))] <- 1; con <- pmax(con, t(con))
pol <- v$v2x_polyarchy[match(nodes, v$vdem_cowcode)]
stopifnot(!any(is.na(pol)))
dd <- abs(outer(pol, pol, "-"))
tr <- read.csv(gzfile(file.path(ds, "cow-trade/cow_trade_ndy.csv.gz")))
tr <- tr[tr$year == 2014 & tr$ccode1 %in% nodes & tr$ccode2 %in% nodes, ]
stopifnot(all(tr$flow1 >= 0 & tr$flow2 >= 0))
imp <- M()
imp[cbind(ix(tr$ccode1), ix(tr$ccode2))] <- round(log1p(tr$flow1), 6)  # flow1: imports of ccode1 from ccode2
imp[cbind(ix(tr$ccode2), ix(tr$ccode1))] <- round(log1p(tr$flow2), 6)
diag(def) <- diag(igos) <- diag(con) <- diag(dd) <- diag(imp) <- 0

long <- expand.grid(j = seq_len(n), i = seq_len(n))[, c("i", "j")]
long <- long[long$i != long$j, ]
out <- data.frame(ccode_i = nodes[long$i], ccode_j = nodes[long$j],
  defense = def[cbind(long$i, long$j)], igos = igos[cbind(long$i, long$j)], contig = con[cbind(long$i, long$j)],
  demdiff = dd[cbind(long$i, long$j)], imports = imp[cbind(long$i, long$j)])
write.csv(out, "europe2014.csv", row.names = FALSE)
# Read back, so that R uses exactly the values Go reads.
e <- read.csv("europe2014.csv")
mat_of <- function(col) { m <- M(); m[cbind(ix(e$ccode_i), ix(e$ccode_j))] <- e[[col]]; m }
Y <- mat_of("defense"); X1 <- mat_of("igos"); X2 <- mat_of("contig"); X3 <- mat_of("demdiff"); IM <- mat_of("imports")

reps <- 2000
rows <- list()
run <- function(name, fun, y, xs, mode, nullhyp) {
  set.seed(20140101)
  f <- fun(y, xs, mode = mode, nullhyp = nullhyp, reps = reps)
  rows[[length(rows) + 1]] <<- data.frame(model = name, null = nullhyp, term = c("(Intercept)", paste0("x", seq_len(length(f$coefficients) - 1))),
    estimate = sprintf("%.17g", f$coefficients), statistic = sprintf("%.17g", f$tstat),
    p_two_sided = f$pgreqabs, p_greater = f$pgreq, p_less = f$pleeq, perms = reps)
}
for (nh in c("qapy", "qapspp")) {
  run("logit_graph", netlogit, Y, list(X1, X2, X3), "graph", nh)
  run("lm_graph", netlm, X1, list(X2, X3), "graph", nh)
  run("lm_digraph", netlm, IM, list(X1, X2, X3), "digraph", nh)
  run("logit_digraph", netlogit, Y, list(X1, X2), "digraph", nh)
}
r <- do.call(rbind, rows)
print(r)
write.csv(r, "ref_qap.csv", row.names = FALSE)
