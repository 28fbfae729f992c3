// Human-readable descriptions for the command line: the resolved parameters printed at
// the start of a run, the one-line replay command, and the `scar list` tables.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tools/scenario.h"

namespace scar::tools {

std::string describe_scenario(const Scenario& scenario);

// The word as a shell reads it back: quoted only when it needs to be.
std::string shell_quote(const std::string& word);
// Where `scar list` looks: ./scenarios, else the source tree's.
std::filesystem::path scenario_directory();
// The .json files there, sorted by path.
std::vector<std::filesystem::path> scenario_files();
// The command that runs scenarios, as replay lines name it: "scar", or the name of a
// program that embeds scar with its own protocols (scar::tools::main sets it from argv[0],
// before any run starts).
const std::string& command_name();
void set_command_name(std::string name);

// "scar run scenarios/x.json --seed 7 --set workload.rate=2000": replays this exact run.
std::string replay_command(const Scenario& scenario);

// The lesson block: its section, the question to predict, what to look at, which variant.
// REQUIRES: scenario.lesson_block.
std::string describe_lesson(const Scenario& scenario);

std::string describe_protocols();
std::string describe_fault_kinds();

// The replay command with the lesson's fix added: the good variant of a lesson.
std::string fixed_command(const Scenario& scenario);
// Scenario files in ./scenarios (or the source tree's), with their descriptions.
std::string describe_scenario_files();

}  // namespace scar::tools
