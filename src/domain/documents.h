// The kinds of enforcement documents (执法文书, RULES.md §2) as the workflow knows them: who
// signs each one off before it may be issued, and whether a step issues it or it is issued on its
// own. The layout of each is a template in src/render.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "domain/people.h"

namespace sx::domain {

struct DocumentKind {
  std::string_view code;   // template code, e.g. "penalty_decision"
  std::string_view name;   // 行政处罚决定书
  std::vector<Role> sign;  // roles that sign off a version before it is issued, in order
  bool by_step;            // issued by a workflow step (case_flow.h), not on its own
};

const std::vector<DocumentKind>& DocumentKinds();
const DocumentKind* FindDocumentKind(std::string_view code);

}  // namespace sx::domain
