// A small XML well-formedness check for the SVG and HTML the reports write: tags nest and
// close, attributes are quoted, and every & starts an entity.
#pragma once

#include <string>
#include <vector>

namespace scar::testing {

// The first problem found, or empty when `xml` is well-formed.
inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      const std::size_t semicolon = xml.find(';', i);
      if (semicolon == std::string::npos || semicolon - i > 8) {
        return "bare & at " + std::to_string(i);
      }
      continue;
    }
    if (xml[i] != '<') continue;
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unclosed tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end;
    if (tag.empty()) return "empty tag";
    if (tag.front() == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    for (std::size_t eq = tag.find('='); eq != std::string::npos; eq = tag.find('=', eq + 1)) {
      if (eq + 1 >= tag.size() || tag[eq + 1] != '"') return "unquoted attribute in <" + name + ">";
      eq = tag.find('"', eq + 2);
      if (eq == std::string::npos) return "unterminated attribute in <" + name + ">";
    }
    if (!self_closing) open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

// Every <svg>...</svg> in `html`, in order.
inline std::vector<std::string> svgs_in(const std::string& html) {
  std::vector<std::string> result;
  for (std::size_t at = html.find("<svg"); at != std::string::npos;
       at = html.find("<svg", at + 1)) {
    const std::size_t end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    result.push_back(html.substr(at, end + 6 - at));
  }
  return result;
}

}  // namespace scar::testing
