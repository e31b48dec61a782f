# Fit the example models whose coefficients the coefficient-plot tests draw.
# Called by make_fixtures.py with the testdata directory as its argument.
#
# Model: full IGO memberships of each state in 2014 (COW IGO v3), Poisson GLM on
# V-Dem Regimes of the World category (reference: closed autocracy) and the log
# of the state's years in the COW system. Two sets of intervals for the same
# estimates: classical (model-based) and HC1 sandwich standard errors, 95% Wald.
suppressMessages(library(sandwich))
dir <- commandArgs(trailingOnly = TRUE)[1]
d <- read.csv(file.path(dir, "coef_data.csv"))
d$regime <- factor(d$regime, levels = c("Closed autocracy", "Electoral autocracy",
                                        "Electoral democracy", "Liberal democracy"))
m <- glm(igo_full ~ regime + log(age), family = poisson, data = d)
z <- qnorm(0.975)
out <- NULL
for (v in c("classical", "HC1")) {
  V <- if (v == "classical") vcov(m) else vcovHC(m, type = "HC1")
  se <- sqrt(diag(V))
  b <- coef(m)
  out <- rbind(out, data.frame(term = names(b), estimate = b, std_error = se,
                               conf_low = b - z * se, conf_high = b + z * se, vcov = v))
}
out$term <- sub("^regime", "", out$term)
write.csv(out, file.path(dir, "coef.csv"), row.names = FALSE, quote = TRUE)
