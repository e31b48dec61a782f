# Reference for TestViridisTable: the 256 viridis colours as published in R's
# viridisLite (Garnier et al.), one #RRGGBB per line.
# Run: Rscript plots/testdata/make_viridis.R > plots/testdata/viridis_viridisLite.txt
cat(substr(viridisLite::viridis(256), 1, 7), sep = "\n")
