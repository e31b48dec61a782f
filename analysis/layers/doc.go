// Package layers turns data sources into year-indexed networks: one graph
// per year, ready for package network's measures, for joining edge
// weights into dyad-year panels, and for export.
//
// A layer is described by a Spec, which reads the same from a TOML
// notebook, from command-line flags and from a compact string
// (ParseSpec). Build makes a Panel: for every year, a graph.Graph whose
// nodes are the states in the Correlates of War state system that year
// (isolates included; a file layer may have nodes of its own; the igo
// layer leaves out the four states COW IGO does not code in 1990), and what is
// known about pairs without an edge: a weight of 0 when the source
// observes every pair (organization co-membership, alliances, contiguity,
// edge lists), or missing when the source leaves some pairs unrecorded
// (trade flows, UN votes). Missing is never zero: Panel.Edges and
// Panel.Weight keep them apart.
//
// The layers, each documented on its builder:
//
//   - igo: co-membership in intergovernmental organizations (COW IGO v3),
//     weights count, jaccard or newman, organizations selected by name, by
//     issue area, or by the regime composition of their members that year
//     (Composition);
//   - atop: alliance obligations (ATOP v5.1), directed or not;
//   - trade: bilateral trade flows (COW Trade v4.0), directed or not;
//   - contiguity: direct contiguity (COW v3.2) up to a type;
//   - unvotes: agreement in UN General Assembly roll calls (Voeten);
//   - file:PATH: a user's own edge list;
//   - tnr:FILE: transnational repression incidents, directed from the
//     origin state to the host state (tnr:ifes-2024-cases for the bundled
//     illustrative cases).
//
// Any weighted layer can be reduced to its backbone (the disparity
// filter; for igo also the stochastic degree sequence model on the
// state-by-organization incidence, see Data.Incidence) with package
// backbone.
//
// # COW's dyadic IGO file
//
// COW also distributes a dyadic IGO file (dyadic_formatv3), whose
// per-dyad sums peacesciencer ships as cow_igo_ndy. Its counts exceed the
// full co-memberships recounted from the state-year file on 29 of 2,775
// dyads in 1950 (1.0%), 91 of 12,880 in 1990 (0.7%) and 4,253 of 18,915
// in 2014 (22.5%), by 1 to 3. The reason is that a dyadic cell is 1 when
// both states are full or associate members: counted that way
// (members = full+associate) the igo layer equals cow_igo_ndy on every
// dyad of the three years. The differences come from associate
// memberships: the United States and Canada in the OEEC in 1950; Canada,
// France, West Germany, Australia and New Zealand in SEAMEO and Botswana
// in AALCO in 1990; and in 2014 chiefly the 47 associate states of the
// BIPM (3,760 of the 4,430 extra co-memberships), with ACCT, JINR, SEAMEO,
// CERN, AALCO, CABI, the Andean Community, the CIS, APCC and IPC.
//
// Data reads each source once for all the layers built from it.
package layers
