// Package tnr holds repnet's analyses of transnational repression: the
// panels and models of two published designs, and a watchlist of the
// origin states whose domestic repression is rising and of the host
// states most tied to them.
//
// Incidents come from package loaders (ReadIncidents, with a mapping for
// the Freedom House or AAAD files, or the bundled illustrative
// ifes-2024-cases); the network of incidents is package layers' tnr layer.
//
// # Host cooperation (Michaelsen and Ruijgrok)
//
// Michaelsen and Ruijgrok (2024, "Autocracy's long reach: explaining host
// country influences on transnational repression", Democratization 31(2):
// 290-314, published online 2023) fit logistic regressions to directed
// dyad-years (origin, host, year) of the Freedom House physical-incident
// data, 2014-2020, and find that perpetrators rely on the host
// authorities' cooperation in autocratic hosts and that such cooperation
// clusters among states in the same region and regional organizations.
// HostPanel builds that design's panel from any incident file: the
// outcome coop is 1 when the origin state's nationals were targeted in the
// host state with the host's cooperation that year, and the predictors
// are the ties and traits the IFES paper (Cottiero 2024) points to:
// shared autocratic organizations, the host's regime, the origin's rising
// domestic repression, alliances, contiguity and UN voting affinity.
// FitHost fits it by Firth's penalised likelihood (cooperative incidents
// are rare events) and by maximum likelihood with dyadic-robust errors.
//
// # Origin-year counts (Dukalskis et al.)
//
// Dukalskis, Furstenberg, Hellmeier and Scales ("The Long Arm and the Iron
// Fist: Authoritarian Crackdowns and Transnational Repression", Journal of
// Conflict Resolution, online first 2023) relate the number of
// transnational repression events an authoritarian state carries out in a
// year (AAAD, 1991-2019) to its domestic repression the years before.
// OriginPanel counts incidents per origin state and year; FitOrigin fits a
// Poisson regression with errors clustered by state. Their measure of
// domestic repression is V-Dem's civil liberties index, inverted, which
// repnet does not bundle; repnet uses Fariss's latent physical-integrity
// scores, reversed (see Repression), so estimates are not theirs.
//
// # Conventions
//
// Domestic repression is minus Fariss's theta_mean (v4.02: higher theta
// means more respect for physical integrity, so higher repression means
// more repression); its rise is the change over three years. The Political
// Terror Scale (PTS, 1 best to 5 worst) is the mean of the scores
// available from Amnesty, Human Rights Watch and the State Department.
//
// A dyadic source is used in its own year where it has one, and after its
// last year (COW IGO v3 ends in 2014, COW contiguity in 2016, ATOP in
// 2018, the bundled UN votes in 2019, session 74) its last year's value
// stands in, unless the options say otherwise: organizations, alliances
// and voting blocs change slowly, and dropping every year after 2014 would
// leave the Freedom House years without any organization. Which year each
// value comes from is recorded in the tables (columns and meta). A value
// is never 0 for want of data: a pair or state a source does not cover is
// missing, and a model drops its rows.
//
// Years after 2016, the last year of the COW state system file, take the
// states whose last spell runs to 2016 (loaders.System.Extended).
package tnr
