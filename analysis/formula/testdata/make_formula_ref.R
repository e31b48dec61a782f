# make_formula_ref.R writes, for each formula in formulas.txt, the design
# matrix R's model.matrix builds on small.csv (rows with missing values
# dropped, unused levels dropped, as lm and glm do), to design_ref.txt:
#
#   formula: <formula>
#   names: <column names joined by |>
#   rows: <1-based data rows used, joined by |>
#   <one line per row: the values, %.17g, joined by ,>
#
# Run from this directory: Rscript make_formula_ref.R
d <- read.csv("small.csv", check.names = FALSE)
fs <- readLines("formulas.txt")
out <- character()
for (f in fs) {
  fo <- as.formula(f)
  d$.row <- seq_len(nrow(d))
  mf <- model.frame(fo, d, na.action = na.omit, drop.unused.levels = TRUE)
  rows <- as.integer(rownames(mf))
  X <- model.matrix(fo, mf)
  out <- c(out, paste0("formula: ", f), paste0("names: ", paste(colnames(X), collapse = "|")),
           paste0("rows: ", paste(rows, collapse = "|")))
  for (i in seq_len(nrow(X))) out <- c(out, paste(sprintf("%.17g", X[i, ]), collapse = ","))
}
writeLines(out, "design_ref.txt")
