# make_glm_ref.R fits the reference models on panel.csv.gz (made by
# make_panel.R) with R's glm, sandwich and lmtest, and writes the values
# the Go tests compare against:
#
#   ref_coef.csv     coefficient tables (lmtest::coeftest / coefci)
#   ref_stats.csv    fit statistics
#   ref_margins.csv  average marginal effects with delta-method errors
#   ref_dyadic_small.csv  dyadic variance by brute force on a subset
#
# The dyadic-robust variance (Aronow, Samii and Assenova 2015) and the
# marginal effects are computed here directly, since no installed package
# provides them; the dyadic formula is checked against the brute-force
# definition (a double sum over pairs of rows sharing a member) on a
# subset before use.
#
# Run from this directory: Rscript make_glm_ref.R
suppressMessages({library(sandwich); library(lmtest)})
options(warn = 1)
p <- read.csv(gzfile("panel.csv.gz"))

models <- list(
  gaussian = list(f = lntrade ~ contig + polyarchy1 * polyarchy2 + defense + factor(year), fam = gaussian()),
  logit    = list(f = defense ~ contig + polyarchy1 * polyarchy2 + lntrade + factor(year), fam = binomial()),
  probit   = list(f = defense ~ contig + polyarchy1 * polyarchy2 + lntrade + factor(year), fam = binomial("probit")),
  poisson  = list(f = atop_count ~ contig + polyarchy1 + polyarchy2 + lntrade + factor(year), fam = poisson())
)
vcovs <- c("classical", "hc0", "hc1", "cluster:ccode1", "cluster:year", "cluster:ccode1,ccode2", "cluster:ccode1,ccode2,year", "dyadic:ccode1,ccode2")

# scores: s_i = x_i * working residual * working weight (sandwich's estfun
# without the dispersion, which cancels against the bread's).
scores <- function(fit) as.vector(residuals(fit, "working") * weights(fit, "working")) * model.matrix(fit)

# dyadic_meat: sum over states m of S_m S_m' minus sum over unordered dyads
# d of S_d S_d'.
dyadic_meat <- function(ef, a, b) {
  st <- sort(unique(c(a, b)))
  S <- matrix(0, length(st), ncol(ef))
  ra <- rowsum(ef, a); S[match(rownames(ra), st), ] <- S[match(rownames(ra), st), ] + ra
  rb <- rowsum(ef, b); S[match(rownames(rb), st), ] <- S[match(rownames(rb), st), ] + rb
  dy <- paste(pmin(a, b), pmax(a, b))
  crossprod(S) - crossprod(rowsum(ef, dy))
}
# dyadic_brute: the definition, sum over pairs (i, j) sharing a member.
dyadic_brute <- function(ef, a, b) {
  M <- matrix(0, ncol(ef), ncol(ef))
  for (i in seq_len(nrow(ef))) {
    J <- which(a == a[i] | a == b[i] | b == a[i] | b == b[i])
    M <- M + ef[i, ] %o% colSums(ef[J, , drop = FALSE])
  }
  M
}

vcov_of <- function(fit, v, data) {
  if (v == "classical") return(vcov(fit))
  if (v == "hc0") return(vcovHC(fit, type = "HC0"))
  if (v == "hc1") return(vcovHC(fit, type = "HC1"))
  kind <- sub(":.*", "", v); cols <- strsplit(sub(".*:", "", v), ",")[[1]]
  if (kind == "cluster") return(vcovCL(fit, cluster = as.formula(paste("~", paste(cols, collapse = "+")))))
  if (kind == "dyadic") {
    B <- summary(fit)$cov.unscaled
    M <- dyadic_meat(scores(fit), data[[cols[1]]], data[[cols[2]]])
    return(B %*% M %*% B)
  }
  stop("unknown vcov ", v)
}

# Check the dyadic formula against the brute force on a subset, and save
# the subset result for the Go test of its own brute force.
sub <- p[p$year %in% 2009:2010 & p$ccode1 < 400 & p$ccode2 < 400 & !is.na(p$lntrade) & !is.na(p$polyarchy1) & !is.na(p$polyarchy2), ]
fs <- glm(defense ~ contig + polyarchy1 + lntrade + factor(year), binomial(), sub)
ef <- scores(fs)
Mf <- dyadic_meat(ef, sub$ccode1, sub$ccode2); Mb <- dyadic_brute(ef, sub$ccode1, sub$ccode2)
stopifnot(isTRUE(all.equal(Mf, Mb, tolerance = 1e-12, check.attributes = FALSE)))
B <- summary(fs)$cov.unscaled
Vs <- B %*% Mb %*% B
write.csv(data.frame(term = names(coef(fs)), estimate = sprintf("%.17g", coef(fs)), std_error = sprintf("%.17g", sqrt(diag(Vs))), nobs = nrow(sub)),
          "ref_dyadic_small.csv", row.names = FALSE)
cat("dyadic formula = brute force on", nrow(sub), "rows\n")

coef_rows <- list(); stat_rows <- list(); me_rows <- list()
f17 <- function(x) sprintf("%.17g", x)
for (name in names(models)) {
  m <- models[[name]]
  fit <- glm(m$f, family = m$fam, data = p)
  used <- p[as.integer(rownames(model.frame(fit))), ]
  for (v in vcovs) {
    V <- vcov_of(fit, v, used)
    ct <- if (v == "classical") coef(summary(fit)) else coeftest(fit, vcov. = V)
    ci <- if (v == "classical") {
      q <- if (m$fam$family == "gaussian") qt(0.975, fit$df.residual) else qnorm(0.975)
      cbind(coef(fit) - q * ct[, 2], coef(fit) + q * ct[, 2])
    } else coefci(fit, vcov. = V, level = 0.95)
    coef_rows[[length(coef_rows) + 1]] <- data.frame(model = name, term = rownames(ct),
      estimate = f17(ct[, 1]), std_error = f17(ct[, 2]), statistic = f17(ct[, 3]), p_value = f17(ct[, 4]),
      conf_low = f17(ci[, 1]), conf_high = f17(ci[, 2]), vcov = v)
    # Marginal effects (logit and probit): direct delta method.
    if (m$fam$family == "binomial") {
      b <- coef(fit); X <- model.matrix(fit); eta <- drop(X %*% b)
      if (m$fam$link == "logit") {
        dens <- function(e) { q <- plogis(e); q * (1 - q) }
        ddens <- function(e) { q <- plogis(e); q * (1 - q) * (1 - 2 * q) }
        cdf <- plogis
      } else {
        dens <- dnorm; ddens <- function(e) -e * dnorm(e); cdf <- pnorm
      }
      mm <- function(d) model.matrix(terms(fit), model.frame(terms(fit), d, xlev = fit$xlevels))
      res <- NULL
      for (x in c("contig", "polyarchy1", "polyarchy2", "lntrade")) {
        h <- 1e-4
        up <- used; up[[x]] <- up[[x]] + h; dn <- used; dn[[x]] <- dn[[x]] - h
        dX <- (mm(up) - mm(dn)) / (2 * h)
        de <- drop(dX %*% b)
        ame <- mean(dens(eta) * de)
        g <- colMeans(ddens(eta) * de * X + dens(eta) * dX)
        res <- rbind(res, data.frame(term = x, ame = ame, se = sqrt(drop(t(g) %*% V %*% g))))
      }
      lv <- fit$xlevels[["factor(year)"]]
      d0 <- used; d0$year <- as.integer(lv[1]); X0 <- mm(d0); e0 <- drop(X0 %*% b)
      for (l in lv[-1]) {
        d1 <- used; d1$year <- as.integer(l); X1 <- mm(d1); e1 <- drop(X1 %*% b)
        ame <- mean(cdf(e1) - cdf(e0))
        g <- colMeans(dens(e1) * X1 - dens(e0) * X0)
        res <- rbind(res, data.frame(term = paste0("factor(year)", l), ame = ame, se = sqrt(drop(t(g) %*% V %*% g))))
      }
      z <- res$ame / res$se; q <- qnorm(0.975)
      me_rows[[length(me_rows) + 1]] <- data.frame(model = name, term = res$term, estimate = f17(res$ame),
        std_error = f17(res$se), statistic = f17(z), p_value = f17(2 * pnorm(-abs(z))),
        conf_low = f17(res$ame - q * res$se), conf_high = f17(res$ame + q * res$se), vcov = v)
    }
  }
  stat_rows[[length(stat_rows) + 1]] <- data.frame(model = name, nobs = nobs(fit), ndropped = nrow(p) - nobs(fit),
    loglik = f17(as.numeric(logLik(fit))), aic = f17(AIC(fit)), deviance = f17(deviance(fit)),
    null_deviance = f17(fit$null.deviance), df_residual = fit$df.residual,
    dispersion = f17(summary(fit)$dispersion), iterations = fit$iter, converged = fit$converged)
  cat(name, "done\n")
}
write.csv(do.call(rbind, coef_rows), "ref_coef.csv", row.names = FALSE)
write.csv(do.call(rbind, stat_rows), "ref_stats.csv", row.names = FALSE)
write.csv(do.call(rbind, me_rows), "ref_margins.csv", row.names = FALSE)
