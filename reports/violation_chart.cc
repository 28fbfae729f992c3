#include "reports/violation_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/chart_axis.h"
#include "reports/svg_chart.h"

namespace scar::reports {
namespace {

constexpr int row_height = 22, label_width = 320, top = 56, bottom = 40;

struct RoleStyle {
  const char* color;
  const char* name;
};
constexpr RoleStyle styles[] = {{"#9e9e9e", "linearized (the end of the longest order found)"},
                                {"#f0b400", "could go next, but cannot"},
                                {"#d62728", "completed before it could take effect"}};

double seconds(sim::Time time) { return static_cast<double>(sim::to_ns(time)) / 1e9; }

std::string legend() {
  std::string svg;
  double x = 8;
  for (const RoleStyle& style : styles) {
    svg += fmt::format(R"(<rect x="{:.0f}" y="30" width="12" height="10" fill="{}"/>)"
                       R"(<text x="{:.0f}" y="39">{}</text>)"
                       "\n",
                       x, style.color, x + 16, escape_xml(style.name));
    x += 16 + 6.5 * static_cast<double>(std::char_traits<char>::length(style.name)) + 24;
  }
  return svg;
}

}  // namespace

std::string render_violation_svg(const std::vector<CheckOperation>& operations, int width) {
  if (operations.empty()) return "";
  double from = seconds(operations.front().invoked), to = from;
  for (const CheckOperation& op : operations) {
    from = std::min(from, seconds(op.invoked));
    to = std::max(to, seconds(op.completed.value_or(op.invoked)));
  }
  const double pad = std::max((to - from) * 0.05, 1e-6);
  const Axis axis = make_axis(from - pad, to + pad, false, label_width + 10, width - 20);
  const int height = top + row_height * static_cast<int>(operations.size()) + bottom;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="sans-serif" font-size="12">)"
      "\n"
      R"(<text x="8" y="18" font-weight="bold">the operations around the violation</text>)"
      "\n",
      width, height);
  svg += legend();
  for (std::size_t i = 0; i < operations.size(); ++i) {
    const CheckOperation& op = operations[i];
    const RoleStyle& style = styles[static_cast<int>(op.role)];
    const double y = top + row_height * static_cast<double>(i);
    const double left = axis.map(seconds(op.invoked));
    const double right = op.completed ? std::max(axis.map(seconds(*op.completed)), left + 3)
                                      : axis.map(axis.max);  // never completed: to the end
    const std::string label = fmt::format("{} ({})", op.text, op.outcome);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"{}><title>{}</title></rect>)"
        "\n"
        R"(<text x="{}" y="{:.1f}" text-anchor="end"{}>{}</text>)"
        "\n",
        left, y + 3, right - left, row_height - 6, style.color,
        op.completed ? "" : R"( fill-opacity="0.4" stroke="#555" stroke-dasharray="4 2")",
        escape_xml(label), label_width, y + row_height - 7,
        op.role == CheckOperation::Role::blocked ? R"( font-weight="bold")" : "",
        escape_xml(label));
  }
  const double axis_y = top + row_height * static_cast<double>(operations.size());
  for (double tick : ticks(axis)) {
    svg += fmt::format(R"(<line x1="{0:.1f}" x2="{0:.1f}" y1="{1}" y2="{2:.1f}" stroke="#ddd"/>)"
                       R"(<text x="{0:.1f}" y="{3:.1f}" text-anchor="middle">{4}</text>)"
                       "\n",
                       axis.map(tick), top, axis_y, axis_y + 16,
                       escape_xml(format_value(tick, Unit::seconds)));
  }
  return svg + "</svg>\n";
}

}  // namespace scar::reports
