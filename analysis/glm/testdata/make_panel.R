# make_panel.R builds the dyad-year panel used by the glm reference tests
# from the datasets bundled with repnet. Run from this directory:
#
#   Rscript make_panel.R
#
# Output: panel.csv.gz, one row per non-directed dyad-year (ccode1 < ccode2)
# for 2001-2010, with
#   defense     ATOP defense pact in force between the two states that year
#               (1 if either direction has atop_defense == 1; 0 otherwise)
#   atop_count  number of the five ATOP obligation types (defense, offense,
#               neutrality, non-aggression, consultation) in force (0-5)
#   contig      direct land contiguity (COW conttype 1) in force at any time
#               during the year (spell years stdate..enddate inclusive)
#   polyarchy1, polyarchy2  V-Dem v2x_polyarchy of ccode1 and ccode2
#               (missing where V-Dem has no row for the COW code)
#   lntrade     log(1 + flow1 + flow2), COW trade in million current USD,
#               rounded to 6 decimals (missing where either flow is -9)
# The universe of dyad-years is the COW trade non-directed file, which
# lists every pair of system members in each year.
years <- 2001:2010
ds <- "../../../datasets"

tr <- read.csv(gzfile(file.path(ds, "cow-trade/cow_trade_ndy.csv.gz")))
tr <- tr[tr$year %in% years, ]
stopifnot(all(tr$ccode1 < tr$ccode2))
tot <- ifelse(tr$flow1 < 0 | tr$flow2 < 0, NA, tr$flow1 + tr$flow2)
p <- data.frame(ccode1 = tr$ccode1, ccode2 = tr$ccode2, year = tr$year,
                lntrade = round(log1p(tot), 6))

a <- read.csv(gzfile(file.path(ds, "atop/atop_alliance.csv.gz")))
a <- a[a$year %in% years, ]
a$lo <- pmin(a$ccode1, a$ccode2); a$hi <- pmax(a$ccode1, a$ccode2)
ty <- c("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
am <- aggregate(a[, ty], by = list(ccode1 = a$lo, ccode2 = a$hi, year = a$year), FUN = max)
am$atop_count <- rowSums(am[, ty])
am <- data.frame(ccode1 = am$ccode1, ccode2 = am$ccode2, year = am$year,
                 defense = am$atop_defense, atop_count = am$atop_count)
p <- merge(p, am, all.x = TRUE)
p$defense[is.na(p$defense)] <- 0
p$atop_count[is.na(p$atop_count)] <- 0

ct <- read.csv(file.path(ds, "cow-contiguity/cow_contdir.csv"))
ct <- ct[ct$conttype == 1, ]
sy <- as.integer(substr(ct$stdate, 1, 4)); ey <- as.integer(substr(ct$enddate, 1, 4))
cl <- do.call(rbind, lapply(seq_len(nrow(ct)), function(i) {
  yy <- intersect(sy[i]:ey[i], years)
  if (length(yy) == 0) return(NULL)
  data.frame(ccode1 = min(ct$ccode1[i], ct$ccode2[i]), ccode2 = max(ct$ccode1[i], ct$ccode2[i]), year = yy)
}))
cl <- unique(cl); cl$contig <- 1L
p <- merge(p, cl, all.x = TRUE)
p$contig[is.na(p$contig)] <- 0L

v <- read.csv(gzfile(file.path(ds, "vdem/vdem_simple.csv.gz")))
v <- v[v$year %in% years & !is.na(v$vdem_cowcode) & !is.na(v$v2x_polyarchy), c("vdem_cowcode", "year", "v2x_polyarchy")]
stopifnot(!any(duplicated(v[, 1:2])))
names(v) <- c("ccode1", "year", "polyarchy1")
p <- merge(p, v, all.x = TRUE)
names(v) <- c("ccode2", "year", "polyarchy2")
p <- merge(p, v, all.x = TRUE)

p <- p[order(p$year, p$ccode1, p$ccode2), c("ccode1", "ccode2", "year", "defense", "atop_count", "contig", "polyarchy1", "polyarchy2", "lntrade")]
con <- gzfile("panel.csv.gz", "w")
write.csv(p, con, row.names = FALSE, na = "")
close(con)
cat("rows", nrow(p), "\n")
print(summary(p))
