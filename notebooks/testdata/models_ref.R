# Reference values for TestModelsNotebook: the models of models.toml
# refitted by R's glm, with sandwich's variance estimators, on the tables
# the notebook wrote (models/tables/states.csv and americas.csv).
#
#   cd notebooks/testdata && Rscript models_ref.R   # writes models_ref.csv
#
# R 4.2, sandwich 3.0.2.
library(sandwich)

out <- data.frame()
add <- function(model, fit, vcov_name, V) {
  out <<- rbind(out, data.frame(model = model, term = names(coef(fit)), vcov = vcov_name,
                                estimate = unname(coef(fit)), std_error = unname(sqrt(diag(V)))))
}

states <- read.csv("models/tables/states.csv")
ols <- glm(repression ~ exposure + repression_lag + polyarchy + factor(year), family = gaussian, data = states)
add("ols", ols, "classical", vcov(ols))
add("ols", ols, "hc1", vcovHC(ols, type = "HC1"))
add("ols", ols, "cluster:ccode", vcovCL(ols, cluster = ~ccode))

americas <- read.csv("models/tables/americas.csv")
logit <- glm(defense ~ igos + polyarchy_low, family = binomial, data = americas)
add("logit", logit, "classical", vcov(logit))
add("logit", logit, "cluster:ccode1,ccode2", vcovCL(logit, cluster = ~ccode1 + ccode2))

write.csv(out, "models_ref.csv", row.names = FALSE)
