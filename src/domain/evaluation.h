// 案卷评查 (case-file evaluation; seed 四 制度建设, 《河南省行政执法案卷评查办法》): scoring
// templates as data — items with their points and the deductions a finding takes — checked so
// that the points add up, and the score of one case file from the evaluator's findings, with the
// 否决项 that make a file 不合格 whatever its points. The default template follows the eight items
// of the legal review (review.h) and adds the completeness of the file (全过程记录、归档).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sx::domain {

struct ScoreDeduction {
  std::string code;   // [a-z0-9_]{1,32}, unique in its item
  std::string text;   // 扣分情形, e.g. "主要证据缺失"
  int points = 0;     // taken per occurrence, 1 … the item's points
  bool veto = false;  // 否决项: the file is 不合格 whatever its score
};

struct ScoreItem {
  std::string code;  // [a-z0-9_]{1,32}, unique in the template
  std::string name;  // 评查项目, e.g. "执法主体是否合法"
  int points = 0;    // its share of the total
  std::vector<ScoreDeduction> deductions;
};

struct ScoringTemplate {
  std::string name;
  int total = 100;     // the items' points add up to it
  int excellent = 90;  // 优秀 from this score
  int pass = 60;       // 合格 from this score
  std::vector<ScoreItem> items;
};

inline constexpr std::size_t kMaxScoreItems = 50;
inline constexpr std::size_t kMaxDeductionsPerItem = 30;

// kInvalid naming the field and what to fix: the items' points not adding up to the total
// ("各评查项目分值合计 95,应等于总分 100"), a deduction above its item's points, codes missing,
// malformed or repeated, grade bands out of order (0 < pass ≤ excellent ≤ total).
Status ValidateTemplate(const ScoringTemplate& t);

// 100 points over the review's eight items and the file's completeness (see evaluation.cc).
ScoringTemplate DefaultTemplate();

// One finding of the evaluator: a deduction of an item, `times` occurrences (1 … 100).
struct EvaluationFinding {
  std::string item;
  std::string deduction;
  int times = 1;
  std::string note;
};

enum class Grade { kExcellent, kPass, kFail };
std::string_view GradeCode(Grade g);  // "excellent", "pass", "fail"
std::string_view GradeName(Grade g);  // "优秀", "合格", "不合格"

struct ItemScore {
  std::string item;
  int points = 0;    // the item's points
  int deducted = 0;  // never more than its points
};

struct EvaluationScore {
  int score = 0;  // total − deductions, never below 0
  Grade grade = Grade::kFail;
  bool vetoed = false;           // a 否决项 was found
  std::vector<ItemScore> items;  // in the template's order
};

// The score of one file. kInvalid naming the finding (findings.N) for an unknown item or
// deduction or a count outside 1 … 100. Each item loses at most its own points.
Result<EvaluationScore> Score(const ScoringTemplate& t,
                              const std::vector<EvaluationFinding>& findings);

}  // namespace sx::domain
