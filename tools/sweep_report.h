// A seed sweep's summary as the terminal shows it and as JSON (sweep_version 1, see the
// README's "Seed sweeps"), and the JSON read back for `scar merge`. Both outputs are pure
// functions of the summary: the same seeds' outcomes print the same bytes, however many
// threads or machines ran them.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "tools/sweep_summary.h"

namespace scar::tools {

// The table for the terminal: which sweep, how many seeds passed and failed, the failure
// groups (each with its seeds, at most 20 listed, and the first seed's replay command),
// and each operation's per-run p99 across seeds.
std::string to_text(const SweepSummary& summary);

// The JSON document: the sweep's identity, one entry per seed, the groups and the spread.
std::string to_json(const SweepSummary& summary);

// Reads what to_json wrote: the identity, the shard and the runs (the groups and the
// spread are derived, so they are recomputed, not read). An error message when `text` is
// not such a document or its runs do not fit its seeds (not ascending, outside the shard).
std::variant<SweepSummary, std::string> parse_sweep_json(std::string_view text);

}  // namespace scar::tools
