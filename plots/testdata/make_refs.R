# Reference values for TestFreedmanDiaconis: R's type-7 quartiles of the
# pooled memberships in distribution.csv and the Freedman-Diaconis width
# 2 IQR n^(-1/3) (as in R's nclass.FD, before it turns the width into a
# number of classes).
# Run: Rscript plots/testdata/make_refs.R plots/testdata
dir <- commandArgs(trailingOnly = TRUE)[1]
d <- read.csv(file.path(dir, "distribution.csv"))
x <- d$igo_full
q <- quantile(x, c(0.25, 0.75), type = 7, names = FALSE)
fd <- 2 * IQR(x) / length(x)^(1/3)
out <- data.frame(n = length(x), q25 = q[1], q75 = q[2], fd_width = fd)
write.csv(out, file.path(dir, "ref_fd.csv"), row.names = FALSE)
