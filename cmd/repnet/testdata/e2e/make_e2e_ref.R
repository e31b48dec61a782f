# make_e2e_ref.R: reference values for the end-to-end test of repnet's
# panel builder and model command (cmd/repnet/e2e_test.go).
#
# It builds the dyad-year panel of specs.txt for 2005-2010 with repnet
# itself (the same analysis/panel.Build the test calls), records the
# sha256 of the CSV so that the test can check it fits exactly these
# bytes, and fits the models of models.csv with R's glm, with standard
# errors from sandwich (vcovHC, vcovCL) and lmtest (coeftest, coefci), and
# the dyadic-robust variance (Aronow, Samii and Assenova 2015) written out
# here from its formula, as in analysis/glm/testdata/make_glm_ref.R.
#
# Run from this directory: Rscript make_e2e_ref.R
# Writes panel.sha256, ref_coef.csv and ref_stats.csv (panel.csv is
# deleted afterwards: it is rebuilt by the test).
suppressMessages({library(sandwich); library(lmtest)})
options(warn = 1)
specs <- readLines("specs.txt")
args <- c("run", "../..", "panel", "dyad-year", "--years", "2005-2010", "-o", "panel.csv", as.vector(rbind("--add", specs)))
stopifnot(system2("go", shQuote(args)) == 0)
sha <- strsplit(system2("sha256sum", "panel.csv", stdout = TRUE), " ")[[1]][1]
writeLines(sha, "panel.sha256")
p <- read.csv("panel.csv")
cat("panel", nrow(p), "rows, sha256", sha, "\n")

vcovs <- c("classical", "hc0", "hc1", "cluster:ccode1", "cluster:ccode1,ccode2", "cluster:ccode1,ccode2,year", "dyadic:ccode1,ccode2")
fam <- list(gaussian = gaussian(), logit = binomial(), probit = binomial("probit"), poisson = poisson())

# scores: x_i times the working residual times the working weight
# (sandwich's estfun without the dispersion).
scores <- function(fit) as.vector(residuals(fit, "working") * weights(fit, "working")) * model.matrix(fit)
# dyadic meat: sum over states m of S_m S_m' minus sum over dyads d of
# S_d S_d', S the sums of the scores of the rows involving m (or d).
dyadic_meat <- function(ef, a, b) {
  st <- sort(unique(c(a, b)))
  S <- matrix(0, length(st), ncol(ef))
  ra <- rowsum(ef, a); S[match(rownames(ra), st), ] <- S[match(rownames(ra), st), ] + ra
  rb <- rowsum(ef, b); S[match(rownames(rb), st), ] <- S[match(rownames(rb), st), ] + rb
  dy <- paste(pmin(a, b), pmax(a, b))
  crossprod(S) - crossprod(rowsum(ef, dy))
}
vcov_of <- function(fit, v, data) {
  if (v == "classical") return(vcov(fit))
  if (v == "hc0") return(vcovHC(fit, type = "HC0"))
  if (v == "hc1") return(vcovHC(fit, type = "HC1"))
  kind <- sub(":.*", "", v); cols <- strsplit(sub(".*:", "", v), ",")[[1]]
  if (kind == "cluster") return(vcovCL(fit, cluster = as.formula(paste("~", paste(cols, collapse = "+")))))
  B <- summary(fit)$cov.unscaled
  B %*% dyadic_meat(scores(fit), data[[cols[1]]], data[[cols[2]]]) %*% B
}

models <- read.csv("models.csv", stringsAsFactors = FALSE)
f17 <- function(x) sprintf("%.17g", x)
coef_rows <- list(); stat_rows <- list()
for (i in seq_len(nrow(models))) {
  m <- models[i, ]
  fm <- fam[[m$family]]
  fit <- glm(as.formula(m$formula), family = fm, data = p)
  used <- p[as.integer(rownames(model.frame(fit))), ]
  for (v in vcovs) {
    V <- vcov_of(fit, v, used)
    ct <- if (v == "classical") coef(summary(fit)) else coeftest(fit, vcov. = V)
    ci <- if (v == "classical") {
      q <- if (fm$family == "gaussian") qt(0.975, fit$df.residual) else qnorm(0.975)
      cbind(coef(fit) - q * ct[, 2], coef(fit) + q * ct[, 2])
    } else coefci(fit, vcov. = V, level = 0.95)
    coef_rows[[length(coef_rows) + 1]] <- data.frame(model = m$model, term = rownames(ct),
      estimate = f17(ct[, 1]), std_error = f17(ct[, 2]), statistic = f17(ct[, 3]), p_value = f17(ct[, 4]),
      conf_low = f17(ci[, 1]), conf_high = f17(ci[, 2]), vcov = v)
  }
  stat_rows[[length(stat_rows) + 1]] <- data.frame(model = m$model, nobs = nobs(fit), ndropped = nrow(p) - nobs(fit),
    loglik = f17(as.numeric(logLik(fit))), aic = f17(AIC(fit)), deviance = f17(deviance(fit)), iterations = fit$iter)
  cat(m$model, "done\n")
}
write.csv(do.call(rbind, coef_rows), "ref_coef.csv", row.names = FALSE)
write.csv(do.call(rbind, stat_rows), "ref_stats.csv", row.names = FALSE)
unlink("panel.csv")
